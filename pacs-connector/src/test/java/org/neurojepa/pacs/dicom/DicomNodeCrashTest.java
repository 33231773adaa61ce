package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.store.InstanceStore;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * Durability: the node runs in its own JVM and is killed with SIGKILL while storescu is sending;
 * after a restart on the same directory every instance storescu saw acknowledged is there and indexed.
 *
 * <p>A SIGKILL leaves the page cache alone, so to stand for a crash of the machine the test then
 * deletes every acknowledged instance's file: what a power cut can do to files the background
 * checkpoint had not yet forced. Their journal records (60 small instances stay in the first
 * segment, which is recycled only once full) bring them back at the restart.
 */
class DicomNodeCrashTest {
  private static final int SLICES = 60;
  private static final Pattern RESPONSE = Pattern.compile(
      "Sending file: (\\S+)\\R(?:.*\\R)*?.*Received Store Response \\(([^)]*)\\)");

  @TempDir Path tmp;

  private ExternalProcess startNode(Path store, int port, String name) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return ExternalProcess.start(name, List.of(java, "-cp", System.getProperty("java.class.path"),
            DicomNodeMain.class.getName(), "--storage", store.toString(), "--port", Integer.toString(port),
            "--aet", "NEUROJEPA"), tmp)
        .awaitPort(port, Duration.ofSeconds(60));
  }

  @Test
  void everyAcknowledgedInstanceSurvivesKillMinusNine() throws Exception {
    MrSeries series = new MrSeries("PAT-CRASH", 7, "T1 3D", 128, 128);
    List<Path> files = series.write(tmp.resolve("in"), SLICES);
    Path store = tmp.resolve("store");
    int port = FreePorts.loopback();
    List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "SCANNER1", "-aec", "NEUROJEPA",
        "127.0.0.1", Integer.toString(port)));
    files.forEach(f -> cmd.add(f.toString()));

    ExternalProcess node = startNode(store, port, "node-1");
    ExternalProcess sender;
    try {
      sender = ExternalProcess.start("storescu", cmd, tmp, Map.of("TCP_NODELAY", "1"));
      // kill the node as soon as a few instances have been acknowledged, while the rest is in flight
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (acknowledged(sender.output()).size() < 10 && sender.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      node.kill();
    } finally {
      node.close();
    }
    sender.waitFor(Duration.ofSeconds(60));
    sender.close();
    List<String> acked = acknowledged(sender.output());
    assertTrue(acked.size() >= 10, sender.output());
    System.out.println("acknowledged before SIGKILL: " + acked.size() + " of " + SLICES);

    int deleted = 0;
    for (String file : acked) {
      String sop = series.sopInstanceUid(files.indexOf(Path.of(file)));
      try (Stream<Path> found = Files.walk(store)) {
        for (Path p : found.filter(p -> p.getFileName().toString().equals(sop + ".dcm")).toList()) {
          Files.delete(p);
          deleted++;
        }
      }
    }
    assertEquals(acked.size(), deleted, "every acknowledged instance had its file in place before the crash");

    InstanceStore reopened = InstanceStore.open(store, 0);
    for (String file : acked) {
      String sop = series.sopInstanceUid(files.indexOf(Path.of(file)));
      assertTrue(reopened.instance(sop).isPresent(), "acknowledged " + file + " (" + sop + ") lost");
      assertTrue(Files.size(reopened.instance(sop).get().path()) > 128 * 128 * 2);
    }
    try (Stream<Path> incoming = Files.list(store.resolve(".incoming"))) {
      assertEquals(0, incoming.count(), "unacknowledged temporary files are cleared at start");
    }

    // a restarted node serves the same store: the resend completes the series without duplicates
    ExternalProcess again = startNode(store, port, "node-2");
    try {
      ExternalProcess resend = ExternalProcess.start("storescu-2", cmd, tmp, Map.of("TCP_NODELAY", "1"));
      assertEquals(0, resend.waitFor(Duration.ofSeconds(120)), resend.output());
      resend.close();
    } finally {
      again.close();
    }
    assertTrue(again.output().contains("LISTENING " + port + " " + reopened.size() + " instances"), again.output());
    assertEquals(SLICES, InstanceStore.open(store, 0).size());
  }

  /** Files storescu got a Success response for, in order. */
  private static List<String> acknowledged(String storescuLog) {
    List<String> files = new ArrayList<>();
    Matcher m = RESPONSE.matcher(storescuLog);
    while (m.find()) {
      if (m.group(2).equals("Success")) {
        files.add(m.group(1));
      }
    }
    return files;
  }
}
