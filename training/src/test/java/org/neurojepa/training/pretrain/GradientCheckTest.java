package org.neurojepa.training.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.PositionConvention;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.training.optim.NoGrad;

/** Autograd through encoder, MoE, predictor and the loss agrees with central finite differences (float64). */
class GradientCheckTest {

  /** Same 8×9×8 token grid as tiny, with 2×2×2 patches and width 12. */
  static NeuroJepaConfig micro() {
    return new NeuroJepaConfig("micro", 16, 18, 16, 2, 12, 2, 2, 24, 4, 8, 2, 2.0, 12, 12, 1, 2, 2,
        10000.0, 1e-6, PositionConvention.GEOMETRIC);
  }

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    NeuroJepaConfig c = micro();
    JepaLoss loss = new JepaLoss(c);
    List<ParameterSpec> specs = new ArrayList<>(loss.encoder().specs());
    specs.addAll(loss.predictor().specs());
    SplittableRandom rng = new SplittableRandom(3);
    int batch = 2;
    MicroBatch micro = MicroBatch.of(c, batch, rng);
    float[] vox = micro.voxels();
    boolean[][] fg = micro.foreground();
    List<TokenMask[]> masks = micro.masks();
    try (ParameterStore online = ParameterStore.initialise(specs, 11, Device.cpu(), DataType.FLOAT64);
        ParameterStore target = ParameterStore.initialise(loss.encoder().specs(), 12, Device.cpu(), DataType.FLOAT64);
        NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      // make the zero-initialised biases and mask token non-trivial so their gradients are exercised
      NoGrad.run(() -> {
        for (String n : online.parameterNames()) {
          if (n.endsWith("bias") || n.equals("mask_token")) {
            NDArray a = online.get(n);
            double[] noise = new double[(int) a.size()];
            for (int i = 0; i < noise.length; i++) {
              noise[i] = 0.05 * rng.nextGaussian();
            }
            try (NDArray n2 = m.create(noise, a.getShape())) {
              a.addi(n2);
            }
          }
        }
      });
      online.requireGradients();
      NDArray volumes = m.create(vox, new Shape(batch, 1, c.inputDepth(), c.inputHeight(), c.inputWidth()))
          .toType(DataType.FLOAT64, false);
      NDArray targets = loss.targets(target, volumes);
      try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
        NDArray l = loss.loss(online, targets, volumes, fg, masks, false);
        gc.backward(l);
      }
      String[] checked = {
        "patch_embed.proj.weight", "patch_embed.proj.bias", "blocks.0.attn.qkv.weight", "blocks.0.attn.proj_attn_gate.weight",
        "blocks.1.mlp.gate.gate.weight", routedExpert(online) + ".fc1.weight", "blocks.1.mlp.shared_experts.fc2.weight",
        "norm.weight", "predictor_embed.weight", "mask_token", "predictor_blocks.0.mlp.fc1.weight", "predictor_proj.bias"
      };
      double eps = 1e-7;
      int compared = 0;
      for (String name : checked) {
        NDArray p = online.get(name);
        long size = p.size();
        double[] grad;
        try (NDArray g = online.gradient(name)) {
          grad = g.toDoubleArray();
        }
        for (long idx : new long[] {0, size / 2, size - 1}) {
          double up = perturbed(loss, online, targets, volumes, fg, masks, p, idx, eps, m);
          double down = perturbed(loss, online, targets, volumes, fg, masks, p, idx, -eps, m);
          double numeric = (up - down) / (2 * eps);
          double analytic = grad[(int) idx];
          double tol = 1e-6 + 1e-3 * Math.max(Math.abs(numeric), Math.abs(analytic));
          assertEquals(numeric, analytic, tol, name + "[" + idx + "]");
          compared++;
        }
      }
      assertEquals(3 * checked.length, compared);
      try (NDArray g = online.gradient("blocks.1.mlp.gate.gate.weight")) {
        assertTrue(g.abs().sum().getDouble() > 0, "router weights receive gradient through the mixing weights");
      }
    }
  }

  /** An expert of block 1 that some token was routed to (unrouted experts get no gradient by design). */
  private static String routedExpert(ParameterStore online) {
    for (int e = 0; e < 4; e++) {
      try (NDArray g = online.gradient("blocks.1.mlp.experts." + e + ".fc1.weight")) {
        if (g.getDataType() == DataType.FLOAT64) {
          return "blocks.1.mlp.experts." + e;
        }
      }
    }
    throw new AssertionError("no expert of block 1 was routed to");
  }

  private static double perturbed(JepaLoss loss, ParameterStore online, NDArray targets, NDArray volumes, boolean[][] fg,
      List<TokenMask[]> masks, NDArray p, long idx, double delta, NDManager m) {
    double[] out = new double[1];
    NoGrad.run(() -> {
      double[] d = new double[(int) p.size()];
      d[(int) idx] = delta;
      try (NDArray step = m.create(d, p.getShape()); NDArray original = p.duplicate()) {
        p.addi(step);
        try (NDManager scratch = m.newSubManager()) {
          NDArray v = volumes;
          v.tempAttach(scratch);
          out[0] = loss.loss(online, targets, v, fg, masks, false).getDouble();
        }
        // restore bit for bit (p + d - d need not equal p)
        p.subi(p).addi(original);
      }
    });
    return out[0];
  }
}
