package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.testkit.junit.FreePorts;
import picocli.CommandLine;

/** The neurojepa command as a user runs it: fixtures, then send and echo to a real DICOM node. */
class CommandLineTest {

  private static int run(String... args) {
    return NeuroJepaCommand.commandLine().execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "echo", "send", "fixtures", "classify", "convert", "preprocess", "model-info", "embed", "analyze", "harvest", "pretrain"})
  void everySubcommandHasHelp(String subcommand) {
    StringWriter out = new StringWriter();
    CommandLine cli = NeuroJepaCommand.commandLine(subcommand, "--help");
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute(subcommand, "--help"));
    assertTrue(out.toString().contains("Usage: neurojepa " + subcommand), out.toString());
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    assertEquals(Set.of("convert"), NeuroJepaCommand.commandLine("convert", "a", "b").getSubcommands().keySet());
    Set<String> all = NeuroJepaCommand.commandLine().getSubcommands().keySet();
    assertTrue(all.containsAll(Set.of("serve", "convert", "models", "help")), all.toString());
    assertEquals(all, NeuroJepaCommand.commandLine("help", "convert").getSubcommands().keySet());
    assertEquals(all, NeuroJepaCommand.commandLine("--version").getSubcommands().keySet());
    assertEquals(all, NeuroJepaCommand.commandLine("convrt").getSubcommands().keySet());
    assertEquals(all, NeuroJepaCommand.commandLine().getSubcommands().keySet());
  }

  @Test
  void fixturesThenSendAndEchoToARealNode(@TempDir Path dir) throws Exception {
    Path fixtures = dir.resolve("fx");
    assertEquals(0, run("fixtures", "--out", fixtures.toString(), "--kind", "flair", "--orient", "ax",
        "--voxel-size", "3", "3", "3"));
    long dicomFiles;
    try (Stream<Path> files = Files.walk(fixtures)) {
      dicomFiles = files.filter(p -> p.toString().endsWith(".dcm")).count();
    }
    assertTrue(dicomFiles > 10, "fixtures wrote " + dicomFiles + " instances");

    DicomNodeConfig config = DicomNodeConfig.builder().aeTitle("CLITEST").port(0)
        .storageDirectory(dir.resolve("store")).freeDiskWatermarkBytes(0).build();
    try (DicomNode node = DicomNode.builder(config).build()) {
      node.start();
      String port = Integer.toString(node.port());
      assertEquals(0, run("echo", "--port", port, "--aet", "CLITEST"));
      assertEquals(0, run("send", fixtures.toString(), "--port", port, "--aet", "CLITEST"));
      assertEquals(dicomFiles, node.store().size());
      assertEquals(2, run("send", dir.resolve("nowhere").toString(), "--port", port, "--aet", "CLITEST"));
    }
    assertEquals(2, run("echo", "--port", Integer.toString(FreePorts.loopback()), "--aet", "CLITEST"));
  }
}
