package org.neurojepa.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code neurojepa} command line: one subcommand per capability.
 *
 * <p>picocli builds the model of every subcommand it is given: their classes, options, field
 * types and initialisers, some of which pull in Jackson, DJL or Spring. A run that names a
 * subcommand therefore gets only that one ({@link #commandLine(String...)}); usage, {@code help}
 * and unknown names get them all. The plain {@code convert DIR OUT} runs without picocli
 * ({@link ConvertCommand#runPlainForm}).
 */
@Command(
    name = "neurojepa",
    mixinStandardHelpOptions = true,
    version = "neurojepa 0.1.0",
    description = "A DICOM node that turns brain MRI studies into FHIR reports with Neuro-JEPA.")
public final class NeuroJepaCommand implements Runnable {

  /** Every subcommand, in the order the usage lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(
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
      // `neurojepa promote` and `neurojepa rollback`, as operators say it, beside `models promote`
      ModelsCommand.Promote.class,
      ModelsCommand.Rollback.class,
      CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with every subcommand. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new NeuroJepaCommand());
    SUBCOMMANDS.forEach(cli::addSubcommand);
    return cli;
  }

  /**
   * The command line for {@code args}: with only the subcommand {@code args[0]} names, or with all
   * when it names none of them (no arguments, an option, {@code help}, a typing error).
   */
  public static CommandLine commandLine(String... args) {
    if (args.length == 0) {
      return commandLine();
    }
    for (Class<?> c : SUBCOMMANDS) {
      Command command = c.getAnnotation(Command.class);
      boolean named = args[0].equals(command.name()) || Arrays.asList(command.aliases()).contains(args[0]);
      if (named && c != CommandLine.HelpCommand.class) {
        CommandLine cli = new CommandLine(new NeuroJepaCommand());
        cli.addSubcommand(c);
        return cli;
      }
    }
    return commandLine();
  }

  public static void main(String[] args) {
    OptionalInt plain = ConvertCommand.runPlainForm(args, writer(System.out, "sun.stdout.encoding"),
        writer(System.err, "sun.stderr.encoding"));
    int exit = plain.isPresent() ? plain.getAsInt() : commandLine(args).execute(args);
    // serve returns while its servers run on; every other command ends the process.
    if (exit != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(exit);
    }
  }

  /** The writer picocli makes for a standard stream. */
  private static PrintWriter writer(PrintStream stream, String encodingProperty) {
    String encoding = System.getProperty(encodingProperty);
    Charset charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }
}
