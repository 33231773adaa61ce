package org.neurojepa.pacs.dicom;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.neurojepa.pacs.series.SeriesAssembler;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;

/**
 * Runs a DICOM node from the command line until the process is stopped; the crash test runs it in
 * its own JVM and kills it. Options (defaults in brackets):
 *
 * <pre>
 *   --storage DIR               instance store root (required)
 *   --aet AE                    our AE title [NEUROJEPA]
 *   --bind ADDRESS              listen address [127.0.0.1]
 *   --port N                    TCP port, 0 = any free [11112]
 *   --allow AE1,AE2             allowed calling AE titles [any; refused off loopback]
 *   --watermark BYTES           free-disk watermark [1073741824]
 *   --max-associations N        concurrent associations [16]
 *   --quiet-period-ms MS        series quiet period [10000]
 * </pre>
 *
 * Prints {@code LISTENING <port>} once accepting, then one line per stored instance and per
 * completed series.
 */
public final class DicomNodeMain {
  private DicomNodeMain() {}

  public static void main(String[] args) throws Exception {
    DicomNodeConfig.Builder config = DicomNodeConfig.builder();
    Duration quiet = SeriesAssembler.DEFAULT_QUIET_PERIOD;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw usage("missing value after " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--storage" -> config.storageDirectory(Path.of(value));
        case "--aet" -> config.aeTitle(value);
        case "--bind" -> config.bindAddress(value);
        case "--port" -> config.port(Integer.parseInt(value));
        case "--allow" -> Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).forEach(config::allowCallingAeTitle);
        case "--watermark" -> config.freeDiskWatermarkBytes(Long.parseLong(value));
        case "--max-associations" -> config.maxAssociations(Integer.parseInt(value));
        case "--quiet-period-ms" -> quiet = Duration.ofMillis(Long.parseLong(value));
        default -> throw usage("unknown option " + option);
      }
    }
    DicomNodeConfig built;
    try {
      built = config.build();
    } catch (NullPointerException e) {
      throw usage("--storage is required");
    }
    SeriesAssembler assembler = new SeriesAssembler(quiet,
        done -> System.out.println("SERIES " + done.seriesInstanceUid() + " " + done.instanceCount()
            + " generation " + done.generation()));
    DicomNode node = DicomNode.builder(built)
        .instanceStoredListener(assembler)
        .instanceStoredListener(new InstanceStoredListener() {
          @Override
          public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
            System.out.println("STORED " + instance.sopInstanceUid() + " " + outcome);
          }
        })
        .build()
        .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      assembler.close();
      stopped.countDown();
    }, "dicom-node-shutdown"));
    System.out.println("LISTENING " + node.port() + " " + node.store().size() + " instances");
    System.out.flush();
    stopped.await();
  }

  private static IllegalArgumentException usage(String problem) {
    return new IllegalArgumentException(problem
        + "; usage: DicomNodeMain --storage DIR [--aet AE] [--bind ADDR] [--port N] [--allow AE,AE]"
        + " [--watermark BYTES] [--max-associations N] [--quiet-period-ms MS]");
  }
}
