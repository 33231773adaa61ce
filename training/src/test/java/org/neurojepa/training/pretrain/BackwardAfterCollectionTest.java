package org.neurojepa.training.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurojepa.training.optim.AdamW;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.OwnedTensors;

/**
 * The backward pass must not depend on when Java collects garbage. Every tensor autograd saves has
 * to live in PyTorch-owned storage: one that borrows a Java buffer (DJL's {@code from_blob}) is
 * read after Java freed it when a collection falls between forward and backward, which showed up
 * as NaN losses at random steps of a pretraining run and as resumed runs that were not bit-exact.
 */
class BackwardAfterCollectionTest {

  @Test
  void gradientsAreTheSameWhenTheGarbageCollectorRunsBeforeBackward() throws InterruptedException {
    NeuroJepaConfig c = GradientCheckTest.micro();
    JepaLoss loss = new JepaLoss(c);
    List<ParameterSpec> specs = new ArrayList<>(loss.encoder().specs());
    specs.addAll(loss.predictor().specs());
    SplittableRandom rng = new SplittableRandom(5);
    MicroBatch micro = MicroBatch.of(c, 2, rng);
    float[] vox = micro.voxels();
    boolean[][] fg = micro.foreground();
    List<TokenMask[]> masks = micro.masks();
    try (ParameterStore online = ParameterStore.initialise(specs, 21, Device.cpu(), DataType.FLOAT32);
        ParameterStore target = ParameterStore.initialise(loss.encoder().specs(), 22, Device.cpu(), DataType.FLOAT32)) {
      online.requireGradients();
      Map<String, float[]> quiet = gradients(loss, online, target, vox, fg, masks, false);
      Map<String, float[]> collected = gradients(loss, online, target, vox, fg, masks, true);
      assertTrue(quiet.size() > 20, "gradients of " + quiet.size() + " parameters");
      for (String name : quiet.keySet()) {
        assertArrayEquals(quiet.get(name), collected.get(name), "gradient of " + name);
      }
    }
  }

  private static Map<String, float[]> gradients(
      JepaLoss loss, ParameterStore online, ParameterStore target, float[] vox, boolean[][] fg, List<TokenMask[]> masks,
      boolean collectBeforeBackward) throws InterruptedException {
    NeuroJepaConfig c = GradientCheckTest.micro();
    AdamW.zeroGradients(online);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      NDArray volumes = OwnedTensors.of(m, vox, new Shape(fg.length, 1, c.inputDepth(), c.inputHeight(), c.inputWidth()));
      NDArray targets = loss.targets(target, volumes);
      try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
        NDArray l = loss.loss(online, targets, volumes, fg, masks, false);
        if (collectBeforeBackward) {
          collectAndReuseFreedMemory();
        }
        gc.backward(l);
      }
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String n : online.parameterNames()) {
      try (NDArray g = online.gradient(n)) {
        out.put(n, g.toFloatArray());
      }
    }
    return out;
  }

  /** Lets the cleaner free unreachable direct buffers, then hands their memory out again, overwritten. */
  private static void collectAndReuseFreedMemory() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(50);
    }
    List<ByteBuffer> reuse = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 64) * 4);
      while (b.hasRemaining()) {
        b.put((byte) 0x7f);
      }
      reuse.add(b);
    }
  }
}
