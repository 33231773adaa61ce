package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import org.neurojepa.training.registry.PromotionBar;
import org.neurojepa.training.registry.PromotionRefusedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurojepa models}: the registry's versions; promote, roll back, mark validated. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Lists the model versions of a registry (the active one marked *), or changes which one serves.",
    subcommands = {ModelsCommand.Promote.class, ModelsCommand.Rollback.class, ModelsCommand.Validate.class})
public final class ModelsCommand implements Callable<Integer> {
  @Mixin RegistryOption registry;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      ModelRegistry reg = registry.open();
      Optional<ModelRegistry.Active> active = reg.active();
      out.printf("%-1s %-60s %-20s %-9s %-9s %s%n", "", "version", "created", "val AUROC", "test AUROC", "labels");
      for (ModelVersionRecord v : reg.versions()) {
        boolean isActive = active.map(a -> a.version().equals(v.id())).orElse(false);
        out.printf(Locale.ROOT, "%-1s %-60s %-20s %-9.3f %-9s %s%s%n", isActive ? "*" : "", v.id(),
            v.createdAt().toString().substring(0, 19), v.bestValidationAuroc(),
            v.evaluation() == null ? "-" : String.format(Locale.ROOT, "%.3f", v.evaluation().meanAuroc()), v.labels(),
            v.validated() ? " (validated)" : "");
      }
      out.flush();
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("models: " + e.getMessage());
      return 2;
    }
  }

  /** {@code neurojepa models promote VERSION}. */
  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Makes VERSION the one the service runs, when its test evaluation meets the bar. Exit code 0 "
          + "when promoted, 3 when refused (the reasons are printed), 2 on bad input.")
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VERSION") String version;

    @Mixin RegistryOption registry;

    @Option(names = "--min-mean-auroc", defaultValue = "0.75", description = "Default ${DEFAULT-VALUE}.")
    double minMean;

    @Option(names = "--min-label-auroc", defaultValue = "0.6", description = "Default ${DEFAULT-VALUE}.")
    double minLabel;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        ModelRegistry.Active a = registry.open().promote(version, new PromotionBar(minMean, minLabel),
            System.getProperty("user.name", "cli"));
        spec.commandLine().getOut().printf("active: %s (before it: %s)%n", a.version(), a.previous());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (PromotionRefusedException e) {
        spec.commandLine().getErr().println("promote: " + e.getMessage());
        return 3;
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        spec.commandLine().getErr().println("promote: " + e.getMessage());
        return 2;
      }
    }
  }

  /** {@code neurojepa models rollback}. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Makes the previously active version active again.")
  static final class Rollback implements Callable<Integer> {
    @Mixin RegistryOption registry;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        ModelRegistry.Active a = registry.open().rollback(System.getProperty("user.name", "cli"));
        spec.commandLine().getOut().printf("active: %s%n", a.version());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IOException | IllegalArgumentException | IllegalStateException e) {
        spec.commandLine().getErr().println("rollback: " + e.getMessage());
        return 2;
      }
    }
  }

  /** {@code neurojepa models validate VERSION}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Marks VERSION clinically validated (its reports are final, not preliminary); --revoke undoes it.")
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VERSION") String version;

    @Mixin RegistryOption registry;

    @Option(names = "--revoke", description = "Mark it not validated.")
    boolean revoke;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        ModelVersionRecord v = registry.open().markValidated(version, !revoke);
        spec.commandLine().getOut().printf("%s: %s%n", v.id(), v.validated() ? "validated" : "not validated");
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IOException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("validate: " + e.getMessage());
        return 2;
      }
    }
  }
}
