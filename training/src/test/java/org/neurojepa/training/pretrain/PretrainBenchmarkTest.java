package org.neurojepa.training.pretrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.NeuroJepaConfig;

/** Pretraining throughput of tiny on this machine's CPU; figures go to training.txt. */
@Tag("bench")
class PretrainBenchmarkTest {

  @Test
  void tinyStepsPerSecond(@TempDir Path out) throws IOException {
    NeuroJepaConfig tiny = NeuroJepaConfig.tiny();
    PretrainData data = PretrainData.of(ColinInputs.volumes(tiny), tiny, "Colin27");
    // one PyTorch thread by default: on the shared 2-core build machine two threads measured slower
    // (0.46 vs 1.47 steps/s); -Dneurojepa.bench.threads=N to change
    int threads = Integer.getInteger("neurojepa.bench.threads", 1);
    org.neurojepa.model.internal.DjlRuntime.engine();
    ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    int batch = 4;
    int warm = 3;
    int measured = 20;
    PretrainSettings s = PretrainSettings.of(tiny, warm + measured, batch, 1).withLogEvery(1000);
    double seconds = 0;
    try (Pretrainer p = Pretrainer.start(s, data, out)) {
      for (int i = 0; i < warm; i++) {
        p.step();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < measured; i++) {
        p.step();
      }
      seconds = (System.nanoTime() - t0) / 1e9;
    }
    double stepsPerS = measured / seconds;
    String figures = String.format(Locale.ROOT,
        "training.pretrain.tiny.batch = %d%ntraining.pretrain.tiny.torch_threads = %s%n"
            + "training.pretrain.tiny.steps_per_s = %.3f%ntraining.pretrain.tiny.scans_per_s = %.3f%n",
        batch, threads, stepsPerS, stepsPerS * batch);
    System.out.print(figures);
    System.out.println("base on a GPU (not measured here): neurojepa pretrain --config base --data DIR --out OUT"
        + " --steps 50 --batch 48  (steps/s and scans/s are on the console line; today the trainer runs on the CPU"
        + " only, so this measures base on CPU until device selection is added)");
    Path dir = Path.of(System.getProperty("neurojepa.bench.out", "target/bench"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("training.txt"), figures);
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
  }
}
