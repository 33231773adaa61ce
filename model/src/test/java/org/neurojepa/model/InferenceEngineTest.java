package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Encoder;

class InferenceEngineTest {
  private static final NeuroJepaConfig TINY = NeuroJepaConfig.tiny();

  @TempDir Path dir;

  @Test
  void embedsLikeTheEncoderAndReportsUntrainedVersion() throws Exception {
    float[] volume = TestWeights.volume(TINY, 1);
    float[] direct;
    Encoder encoder = new Encoder(TINY);
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 5, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      direct = encoder.forward(store, m.create(volume, new Shape(1, 48, 54, 48))).toFloatArray();
    }
    try (InferenceEngine engine =
        InferenceEngine.builder().config(TINY).seed(5).device(InferenceEngine.DevicePreference.CPU).build()) {
      assertEquals("untrained-5", engine.version().id());
      assertEquals(Device.cpu(), engine.device());
      assertEquals(DataType.FLOAT32, engine.computeType());
      Embedding e = engine.embed(volume);
      assertEquals(576, e.tokens());
      assertEquals(64, e.dim());
      assertArrayEquals(direct, e.features());
      float mean = 0;
      for (int t = 0; t < 576; t++) {
        mean += direct[t * 64 + 3];
      }
      assertEquals(mean / 576, e.pooled()[3], 1e-5);
    }
  }

  @Test
  void concurrentCallersAreBatchedAndGetTheirOwnResults() throws Exception {
    List<float[]> volumes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      volumes.add(TestWeights.volume(TINY, 100 + i));
    }
    try (InferenceEngine engine = InferenceEngine.builder().config(TINY).seed(2).maxBatch(3).queueCapacity(2)
        .device(InferenceEngine.DevicePreference.CPU).build()) {
      List<Embedding> sequential = new ArrayList<>();
      for (float[] v : volumes) {
        sequential.add(engine.embed(v));
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Embedding>> futures = new ArrayList<>();
        for (float[] v : volumes) {
          futures.add(pool.submit(() -> engine.embed(v)));
        }
        for (int i = 0; i < volumes.size(); i++) {
          assertArrayEquals(sequential.get(i).pooled(), futures.get(i).get().pooled(), 1e-5f);
        }
      } finally {
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
      }
      List<Embedding> all = engine.embedAll(volumes);
      assertArrayEquals(sequential.get(5).features(), all.get(5).features(), 1e-5f);
    }
  }

  @Test
  void badVolumesAreRejectedAndTheEngineKeepsWorking() throws Exception {
    try (InferenceEngine engine = InferenceEngine.builder().config(TINY).device(InferenceEngine.DevicePreference.CPU).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.embed(new float[10]));
      assertTrue(e.getMessage().contains("48x54x48"), e.getMessage());
      float[] nan = TestWeights.volume(TINY, 1);
      nan[77] = Float.NaN;
      assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.embed(nan)).getMessage().contains("77"));
      assertEquals(576, engine.embed(TestWeights.volume(TINY, 1)).tokens());
      engine.close();
      assertThrows(IllegalStateException.class, () -> engine.embed(TestWeights.volume(TINY, 1)));
    }
  }

  @Test
  void loadsACheckpointOnceWithItsVersion() throws Exception {
    Encoder encoder = new Encoder(TINY);
    Checkpoint.write(dir, TINY, TestWeights.random(encoder.specs(), 3, 0.1), "nj-2026-11", "test");
    try (InferenceEngine engine = InferenceEngine.builder().checkpoint(dir).device(InferenceEngine.DevicePreference.CPU).build()) {
      assertEquals("nj-2026-11", engine.version().id());
      assertEquals(Checkpoint.sha256(dir.resolve(Checkpoint.WEIGHTS)), engine.version().weightsSha256());
      assertEquals("nj-2026-11", engine.embed(TestWeights.volume(TINY, 4)).version().id());
    }
  }

  @Test
  void gpuRunsInReducedPrecisionCloseToCpu() throws Exception {
    Assumptions.assumeTrue(DjlRuntime.engine().getGpuCount() > 0, "no GPU reported by the PyTorch engine");
    float[] volume = TestWeights.volume(TINY, 8);
    float[] cpu;
    try (InferenceEngine engine = InferenceEngine.builder().config(TINY).seed(1).device(InferenceEngine.DevicePreference.CPU).build()) {
      cpu = engine.embed(volume).pooled();
    }
    try (InferenceEngine engine = InferenceEngine.builder().config(TINY).seed(1).device(InferenceEngine.DevicePreference.GPU).build()) {
      assertTrue(engine.device().isGpu());
      assertEquals(DataType.BFLOAT16, engine.computeType());
      assertArrayEquals(cpu, engine.embed(volume).pooled(), 0.1f);
    }
  }
}
