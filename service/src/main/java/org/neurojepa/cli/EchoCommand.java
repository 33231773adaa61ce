package org.neurojepa.cli;

import java.util.concurrent.Callable;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.scu.DicomClient;
import org.neurojepa.pacs.scu.DicomClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code neurojepa echo}: C-ECHO a DICOM peer. Exit 0 when it answers Success. */
@Command(name = "echo", mixinStandardHelpOptions = true,
    description = "Verifies a DICOM peer with C-ECHO; exit status 0 when it answers Success.")
public final class EchoCommand implements Callable<Integer> {
  @Mixin PeerOptions peer;

  @Override
  public Integer call() {
    try {
      DicomStatus status = new DicomClient(peer.calling()).echo(peer.peer());
      System.out.println("C-ECHO " + peer.peer() + ": " + status);
      return status.isSuccess() ? 0 : 1;
    } catch (DicomClientException e) {
      System.err.println("C-ECHO " + peer.peer() + " failed: " + e.getMessage());
      return 2;
    }
  }
}
