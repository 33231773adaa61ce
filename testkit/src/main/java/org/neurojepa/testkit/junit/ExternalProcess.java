package org.neurojepa.testkit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer (Orthanc, storescp, a forked JVM …) started by a test and stopped by the test, by PID.
 * Its standard output and error go to a log file so that a failure can show what the peer said.
 */
public final class ExternalProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, output to {@code workDir/<name>.log}. */
  public static ExternalProcess start(String name, List<String> command, Path workDir) {
    return start(name, command, workDir, java.util.Map.of());
  }

  public static ExternalProcess start(
      String name, List<String> command, Path workDir, java.util.Map<String, String> env) {
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      return new ExternalProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** Runs a command to completion and returns its exit code; output goes to the log. */
  public static int run(String name, List<String> command, Path workDir, Duration timeout) {
    try (ExternalProcess p = start(name, command, workDir)) {
      return p.waitFor(timeout);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** The processes this one started (and theirs), alive now. */
  public List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** Waits for the process to exit; fails with its output if it takes longer than {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new IllegalStateException(name + " did not finish in " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
  }

  /** Waits until something accepts connections on 127.0.0.1:{@code port}, or fails with the output. */
  public ExternalProcess awaitPort(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before listening:\n" + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IllegalStateException(name + " not listening on " + port + " after " + timeout + ":\n" + output());
  }

  /** Kills the process and its descendants by PID: SIGKILL, as a crash would. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** Stops politely (SIGTERM), then by force after five seconds. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!awaitExit(Duration.ofSeconds(5))) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(5));
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
