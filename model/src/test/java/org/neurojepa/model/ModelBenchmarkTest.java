package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Encoder;

/**
 * Encoder speed against its roofline on this machine: the engine's measured matmul rate, the
 * encoder's analytic FLOPs, and measured milliseconds per sequence for base at batch 1 and 4.
 * Writes model.txt under {@code neurojepa.bench.out}.
 */
@Tag("bench")
class ModelBenchmarkTest {
  /** Wall and process CPU seconds of one measured run. */
  private record Timing(double wall, double cpu) {}

  @Test
  void encoderAgainstRoofline() throws IOException {
    DjlRuntime.engine();
    int threads = Integer.getInteger("neurojepa.bench.threads", Runtime.getRuntime().availableProcessors());
    JniUtils.setNumThreads(threads);
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "model.cpu_threads = %d", threads));

    Timing mm = matmul();
    double matmulFlops = 2.0 * 576 * 768 * 3072;
    double gflops = matmulFlops / mm.wall() / 1e9;
    double gflopsPerCpuSecond = matmulFlops / mm.cpu() / 1e9;
    lines.add(String.format(Locale.ROOT, "model.matmul_576x768x3072_gflop_per_s = %.1f", gflops));
    lines.add(String.format(Locale.ROOT, "model.matmul_576x768x3072_gflop_per_cpu_s = %.1f", gflopsPerCpuSecond));

    NeuroJepaConfig base = NeuroJepaConfig.base();
    FlopCount flops = FlopCount.forward(base, base.numTokens());
    double gflopPerSeq = flops.total() / 1e9;
    double rooflineMs = gflopPerSeq / gflops * 1e3;
    double rooflineCpuMs = gflopPerSeq / gflopsPerCpuSecond * 1e3;
    lines.add(String.format(Locale.ROOT, "model.encoder_gflop_per_sequence = %.2f", gflopPerSeq));
    lines.add(String.format(Locale.ROOT, "model.encoder_roofline_ms_per_sequence = %.0f", rooflineMs));

    Encoder encoder = new Encoder(base);
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 0, Device.cpu(), DataType.FLOAT32)) {
      for (int batch : new int[] {1, 4}) {
        Timing t = perSequence(encoder, store, batch);
        lines.add(String.format(Locale.ROOT, "model.encoder_base_cpu_batch%d_ms_per_sequence = %.0f", batch, t.wall() * 1e3));
        lines.add(String.format(Locale.ROOT, "model.encoder_base_cpu_batch%d_ratio_to_roofline = %.2f", batch, t.wall() * 1e3 / rooflineMs));
        // Process CPU time against the matmul's CPU time: insensitive to other load on a shared machine.
        lines.add(String.format(Locale.ROOT, "model.encoder_base_cpu_batch%d_cpu_time_ratio_to_roofline = %.2f", batch, t.cpu() * 1e3 / rooflineCpuMs));
        // Each run against a matmul rate measured right before it, so both see the same load.
        lines.add(String.format(Locale.ROOT, "model.encoder_base_cpu_batch%d_paired_ratio_to_roofline = %.2f", batch,
            pairedRatio(encoder, store, batch, flops.total())));
      }
    }
    lines.add(String.format(Locale.ROOT, "model.peak_rss_mb = %.0f", peakRssKb() / 1024.0));
    lines.forEach(System.out::println);
    String dir = System.getProperty("neurojepa.bench.out", "target/bench");
    Files.createDirectories(Path.of(dir));
    Files.write(Path.of(dir, "model.txt"), lines);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("model.peak_rss_mb")).count());
    assertTrue(gflops > 0);
  }

  /**
   * Sequences per second of base on a GPU in bfloat16, batch 16. Runs only where the PyTorch engine
   * reports a GPU (CUDA natives for PyTorch 2.7.1 are not on Maven Central: point DJL at a local
   * libtorch, see README); writes model-gpu.txt.
   */
  @Test
  void gpuThroughput() throws IOException {
    Assumptions.assumeTrue(DjlRuntime.engine().getGpuCount() > 0, "no GPU reported by the PyTorch engine");
    NeuroJepaConfig base = NeuroJepaConfig.base();
    Encoder encoder = new Encoder(base);
    int batch = Integer.getInteger("neurojepa.bench.gpu_batch", 16);
    float[] input = new float[batch * base.voxels()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble();
    }
    List<String> lines = new ArrayList<>();
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 0, Device.gpu(), DataType.BFLOAT16)) {
      int reps = 10;
      long t0 = 0;
      for (int i = -3; i < reps; i++) {
        if (i == 0) {
          t0 = System.nanoTime();
        }
        try (NDManager m = NDManager.newBaseManager(Device.gpu(), DjlRuntime.ENGINE)) {
          NDArray v = m.create(input, new Shape(batch, 1, base.inputDepth(), base.inputHeight(), base.inputWidth()));
          encoder.forward(store, v).toType(DataType.FLOAT32, false).toFloatArray();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      lines.add(String.format(Locale.ROOT, "model.encoder_base_gpu_bf16_batch%d_sequences_per_s = %.1f", batch, reps * batch / seconds));
    }
    lines.forEach(System.out::println);
    String dir = System.getProperty("neurojepa.bench.out", "target/bench");
    Files.createDirectories(Path.of(dir));
    Files.write(Path.of(dir, "model-gpu.txt"), lines);
  }

  /** [576×768]·[768×3072], as in one dense MLP layer of base: best of 5 blocks of 8 products. */
  private static Timing matmul() throws IOException {
    try (NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(576, 768));
      NDArray b = m.randomNormal(new Shape(768, 3072));
      Timing best = null;
      for (int block = -1; block < 5; block++) {
        double c0 = cpuSeconds();
        long t0 = System.nanoTime();
        for (int i = 0; i < 8; i++) {
          try (NDManager sub = m.newSubManager()) {
            a.tempAttach(sub);
            a.matMul(b).getFloat(0, 0);
          }
        }
        Timing t = new Timing((System.nanoTime() - t0) / 1e9 / 8, (cpuSeconds() - c0) / 8);
        if (block >= 0 && (best == null || t.wall() < best.wall())) {
          best = t;
        }
      }
      return best;
    }
  }

  /** Lowest ratio of run time to the roofline from a matmul rate measured just before each run. */
  private static double pairedRatio(Encoder encoder, ParameterStore store, int batch, long flops) throws IOException {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      double rate = 2.0 * 576 * 768 * 3072 / matmul().wall();
      double seconds = perSequence(encoder, store, batch, 1, false).wall();
      best = Math.min(best, seconds / (flops / rate));
    }
    return best;
  }

  private static Timing perSequence(Encoder encoder, ParameterStore store, int batch) throws IOException {
    return perSequence(encoder, store, batch, batch == 1 ? 4 : 2, true);
  }

  /** Best of a few runs (after one warm-up if asked), per sequence. */
  private static Timing perSequence(Encoder encoder, ParameterStore store, int batch, int reps, boolean warmUp)
      throws IOException {
    NeuroJepaConfig c = encoder.config();
    float[] input = new float[batch * c.voxels()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble();
    }
    Timing best = null;
    for (int i = warmUp ? -1 : 0; i < reps; i++) {
      try (NDManager m = DjlRuntime.engine().newBaseManager()) {
        double c0 = cpuSeconds();
        long t0 = System.nanoTime();
        NDArray v = m.create(input, new Shape(batch, 1, c.inputDepth(), c.inputHeight(), c.inputWidth()));
        encoder.forward(store, v).toFloatArray();
        Timing t = new Timing((System.nanoTime() - t0) / 1e9 / batch, (cpuSeconds() - c0) / batch);
        if (i >= 0 && (best == null || t.wall() < best.wall())) {
          best = t;
        }
      }
    }
    return best;
  }

  /** User + system CPU time of this process (all threads, native ones included). */
  private static double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // clock ticks (USER_HZ = 100)
  }

  private static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
