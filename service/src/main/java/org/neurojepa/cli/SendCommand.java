package org.neurojepa.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurojepa.pacs.scu.DicomClient;
import org.neurojepa.pacs.scu.FileResult;
import org.neurojepa.pacs.scu.StoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neurojepa send DIR}: C-STORE every DICOM file under a folder to a peer, in one association. */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = "Sends every DICOM file under DIR to a peer with C-STORE; exit status 0 when all were stored.")
public final class SendCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "A file or a folder, searched recursively.")
  Path source;

  @Mixin PeerOptions peer;

  @Option(names = "--verbose", description = "Print the outcome of every file.")
  boolean verbose;

  @Override
  public Integer call() {
    if (!Files.exists(source)) {
      System.err.println("send: " + source + " does not exist");
      return 2;
    }
    try {
      StoreResult result = new DicomClient(peer.calling()).store(peer.peer(), source);
      for (FileResult f : result.files()) {
        if (verbose || f.outcome() != FileResult.Outcome.SUCCESS) {
          System.out.println(f.outcome() + " " + f.file() + (f.detail().isEmpty() ? "" : ": " + f.detail()));
        }
      }
      System.out.println("C-STORE to " + peer.peer() + ": " + result);
      return result.failed() == 0 && result.succeeded() > 0 ? 0 : 1;
    } catch (IOException e) {
      System.err.println("send to " + peer.peer() + " failed: " + e.getMessage());
      return 2;
    }
  }
}
