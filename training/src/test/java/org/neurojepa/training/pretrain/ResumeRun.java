package org.neurojepa.training.pretrain;

import java.nio.file.Path;
import org.neurojepa.model.NeuroJepaConfig;

/**
 * A separate JVM for {@link PretrainerTest}: {@code ResumeRun OUT start|resume STEPS} runs STEPS
 * steps of the test's 6-step tiny run (fresh, or resumed from OUT), saves a checkpoint and prints
 * each loss as {@code LOSS step value}.
 */
public final class ResumeRun {
  private ResumeRun() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    boolean resume = args[1].equals("resume");
    int steps = Integer.parseInt(args[2]);
    NeuroJepaConfig tiny = NeuroJepaConfig.tiny();
    PretrainData data = PretrainData.of(ColinInputs.volumes(tiny), tiny, "Colin27 (3 crops)");
    PretrainSettings s = PretrainerTest.tinyRun(tiny, 6);
    try (Pretrainer p = resume ? Pretrainer.resume(s, data, out) : Pretrainer.start(s, data, out)) {
      for (int i = 0; i < steps; i++) {
        StepMetrics m = p.step();
        System.out.println("LOSS " + m.step() + " " + m.loss());
      }
      p.saveCheckpoint();
    }
  }
}
