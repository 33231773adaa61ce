package org.neurojepa.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class LeakCheckTest {
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static volatile Path leftFile;

  static final class LeavesThread {
    @Test
    void startsAThreadAndForgetsIt() {
      Thread t = new Thread(() -> {
        try {
          RELEASE.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "forgotten-worker");
      t.start();
    }
  }

  static final class LeavesFile {
    @Test
    void writesATemporaryFile() throws Exception {
      leftFile = Files.createTempFile("left-behind", ".dcm");
    }
  }

  static final class CleansUp {
    @Test
    void startsAndStopsAThread() throws Exception {
      Thread t = new Thread(() -> {}, "short-lived");
      t.start();
      t.join();
    }
  }

  @AfterAll
  static void release() throws Exception {
    RELEASE.countDown();
    if (leftFile != null) {
      Files.deleteIfExists(leftFile);
    }
  }

  private static Events containerEvents(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
        .selectors(selectClass(testClass))
        .execute()
        .containerEvents();
  }

  @Test
  void failsAClassThatLeavesANonDaemonThread() {
    Events events = containerEvents(LeavesThread.class);
    assertTrue(
        events.failed().stream().anyMatch(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
            .map(Throwable::getMessage).orElse("").contains("forgotten-worker")),
        "the leaked thread is named in the failure");
  }

  @Test
  void failsAClassThatLeavesATemporaryFile() {
    Events events = containerEvents(LeavesFile.class);
    assertTrue(events.failed().count() == 1, "one container failed");
    assertTrue(Paths.get(System.getProperty("java.io.tmpdir")).toFile().exists());
  }

  @Test
  void passesAClassThatCleansUp() {
    Events events = containerEvents(CleansUp.class);
    assertTrue(events.failed().count() == 0, "no container failed");
  }
}
