package org.neurojepa.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code neurojepa} command line: one subcommand per capability. */
@Command(
    name = "neurojepa",
    mixinStandardHelpOptions = true,
    version = "neurojepa 0.1.0",
    description = "A DICOM node that turns brain MRI studies into FHIR reports with Neuro-JEPA.",
    subcommands = {
      ServeCommand.class,
      EchoCommand.class,
      SendCommand.class,
      FixturesCommand.class,
      ClassifyCommand.class,
      ConvertCommand.class,
      PreprocessCommand.class,
      ModelInfoCommand.class,
      EmbedCommand.class,
      AnalyzeCommand.class,
      HarvestCommand.class,
      PretrainCommand.class,
      TrainHeadsCommand.class,
      EvaluateCommand.class,
      ModelsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class NeuroJepaCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new NeuroJepaCommand()).execute(args);
    // serve returns while its servers run on; every other command ends the process.
    if (exit != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(exit);
    }
  }
}
