package org.neurojepa.testkit.junit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves behind what it started: non-daemon threads, child processes,
 * sockets, or files in the temporary directory. Registered for every test through JUnit's
 * extension auto-detection (see junit-platform.properties in this jar).
 *
 * <p>Files that a framework leaves in the temporary directory until the JVM exits (embedded
 * Tomcat's base directories, for one) are named by prefix in the system property
 * {@code neurojepa.leakcheck.ignored-temp-prefixes} (comma-separated) of the module's surefire set-up.
 *
 * <p>A class whose resources outlive it by design (a Spring context cached for the next class)
 * opts out with {@link AllowLeaks}, giving the reason.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);
  private static final long GRACE_MILLIS = 5_000;

  private record Snapshot(Set<Long> threads, Set<Long> children, int sockets, Set<String> tmpFiles) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (isExempt(context)) {
      return;
    }
    context.getStore(NS).put("before", snapshot());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Snapshot before = context.getStore(NS).get("before", Snapshot.class);
    if (before == null) {
      return;
    }
    List<String> leaks = List.of();
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    do {
      leaks = leaks(before, snapshot());
      if (leaks.isEmpty()) {
        return;
      }
      sleep(100);
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError(
        context.getDisplayName() + " left resources behind:\n  " + String.join("\n  ", leaks));
  }

  private static boolean isExempt(ExtensionContext context) {
    return context.getTestClass().map(c -> c.isAnnotationPresent(AllowLeaks.class)).orElse(true);
  }

  private static List<String> leaks(Snapshot before, Snapshot after) {
    List<String> leaks = new ArrayList<>();
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && !before.threads().contains(t.getId()))
        .forEach(t -> leaks.add("thread '" + t.getName() + "'"));
    ProcessHandle.current().descendants()
        .filter(p -> p.isAlive() && !before.children().contains(p.pid()))
        .forEach(p -> leaks.add("process " + p.pid() + " " + p.info().commandLine().orElse("?")));
    if (after.sockets() > before.sockets()) {
      leaks.add((after.sockets() - before.sockets()) + " open socket(s)");
    }
    Set<String> newFiles = new TreeSet<>(after.tmpFiles());
    newFiles.removeAll(before.tmpFiles());
    newFiles.forEach(f -> leaks.add("temporary file " + f));
    return leaks;
  }

  private static Snapshot snapshot() {
    Set<Long> threads =
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getId)
            .collect(Collectors.toCollection(HashSet::new));
    Set<Long> children =
        ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    return new Snapshot(threads, children, countSockets(), tmpFiles());
  }

  /** TCP sockets of this process (listening or connected); the JVM's own Unix sockets are not counted. */
  private static int countSockets() {
    Path fds = Paths.get("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(fds)) {
      for (Path fd : stream) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed between listing and reading: not a leak
        }
      }
    } catch (IOException e) {
      return 0;
    }
    int tcp = 0;
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Paths.get(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && inodes.contains(f[9])) {
            tcp++;
          }
        }
      } catch (IOException | RuntimeException e) {
        // no such table on this kernel
      }
    }
    return tcp;
  }

  private static Set<String> tmpFiles() {
    Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
    Set<String> names = new HashSet<>();
    List<String> ignored = List.of(System.getProperty("neurojepa.leakcheck.ignored-temp-prefixes", "").split(","))
        .stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
    if (!Files.isDirectory(tmp)) {
      return names;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        // the JVM's own attach/perf files and surefire's are not the test's
        if (!name.startsWith("hsperfdata_") && !name.startsWith("surefire") && !name.startsWith(".")
            && ignored.stream().noneMatch(name::startsWith)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      // an unreadable temporary directory is not a leak
    }
    return names;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
