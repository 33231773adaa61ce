package org.neurojepa.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.OwnedTensors;

/**
 * AdamW (decoupled weight decay, bias-corrected moments, as torch.optim.AdamW) over the trained
 * parameters of a {@link ParameterStore}. Weight decay applies only to parameters with two or more
 * dimensions; biases, norms and other 1-D parameters are not decayed. Moments are float32 tensors on
 * the store's device.
 */
public final class AdamW implements AutoCloseable {
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double EPS = 1e-8;
  public static final double WEIGHT_DECAY = 0.04;

  private final NDManager manager;
  private final double weightDecay;
  private final Map<String, NDArray> exp = new LinkedHashMap<>();
  private final Map<String, NDArray> expSq = new LinkedHashMap<>();
  private final Map<String, Boolean> decayed = new LinkedHashMap<>();
  private long steps;

  public AdamW(ParameterStore params, double weightDecay) {
    this.manager = NDManager.newBaseManager(params.device(), DjlRuntime.ENGINE);
    this.weightDecay = weightDecay;
    for (ParameterSpec s : params.specs()) {
      if (s.kind() == ParameterSpec.Kind.PARAMETER) {
        exp.put(s.name(), manager.zeros(params.get(s.name()).getShape(), DataType.FLOAT32));
        expSq.put(s.name(), manager.zeros(params.get(s.name()).getShape(), DataType.FLOAT32));
        decayed.put(s.name(), s.shape().length >= 2);
      }
    }
  }

  /** Whether a parameter is decayed (two or more dimensions). */
  public boolean decays(String name) {
    return decayed.get(name);
  }

  /**
   * Global L2 norm of all gradients; when it exceeds {@code maxNorm} every gradient is scaled by
   * maxNorm / (norm + 1e-6), as torch.nn.utils.clip_grad_norm_. Returns the norm before clipping.
   */
  public static double clipGradients(ParameterStore params, double maxNorm) {
    List<String> names = params.parameterNames();
    double[] sumSq = {0};
    NoGrad.run(() -> {
      for (String n : names) {
        try (NDArray g = params.gradient(n); NDArray f = g.toType(DataType.FLOAT32, false); NDArray sq = f.square().sum()) {
          sumSq[0] += sq.getFloat();
        }
      }
    });
    double norm = Math.sqrt(sumSq[0]);
    if (norm > maxNorm) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      NoGrad.run(() -> {
        for (String n : names) {
          try (NDArray g = params.gradient(n)) {
            g.muli(scale);
          }
        }
      });
    }
    return norm;
  }

  /** Sets every gradient to zero (before the next backward pass). */
  public static void zeroGradients(ParameterStore params) {
    NoGrad.run(() -> {
      for (String n : params.parameterNames()) {
        try (NDArray g = params.gradient(n)) {
          g.subi(g);
        }
      }
    });
  }

  /** One update of every trained parameter at learning rate {@code lr}. */
  public void step(ParameterStore params, double lr) {
    steps++;
    double c1 = 1 - Math.pow(BETA1, steps);
    double c2 = 1 - Math.pow(BETA2, steps);
    NoGrad.run(() -> {
      for (Map.Entry<String, NDArray> e : exp.entrySet()) {
        String name = e.getKey();
        NDArray p = params.get(name);
        NDArray m = e.getValue();
        NDArray v = expSq.get(name);
        try (NDArray gradHandle = params.gradient(name)) {
          NDArray g = gradHandle.toType(DataType.FLOAT32, true);
          NDArray gm = g.mul((float) (1 - BETA1));
          m.muli((float) BETA1).addi(gm);
          gm.close();
          NDArray g2 = g.square();
          g.close();
          g2.muli((float) (1 - BETA2));
          v.muli((float) BETA2).addi(g2);
          g2.close();
          if (decayed.get(name) && weightDecay > 0) {
            p.muli((float) (1 - lr * weightDecay));
          }
          NDArray vHat = v.div((float) c2);
          NDArray denom = vHat.sqrt();
          vHat.close();
          denom.addi((float) EPS);
          NDArray update = m.div(denom);
          denom.close();
          update.muli((float) (lr / c1));
          NDArray typed = update.toType(p.getDataType(), false);
          p.subi(typed);
          typed.close();
          update.close();
        }
      }
    });
  }

  public long steps() {
    return steps;
  }

  /** Moments as host tensors, keyed {@code exp_avg.NAME} and {@code exp_avg_sq.NAME}. */
  public Map<String, HostTensor> state() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (String name : exp.keySet()) {
      long[] shape = exp.get(name).getShape().getShape();
      out.put("exp_avg." + name, HostTensor.ofFloats(exp.get(name).toFloatArray(), shape));
      out.put("exp_avg_sq." + name, HostTensor.ofFloats(expSq.get(name).toFloatArray(), shape));
    }
    return out;
  }

  /** Restores moments and the step count saved by {@link #state()}; every key must match. */
  public void restore(Map<String, HostTensor> state, long stepCount) {
    if (state.size() != 2 * exp.size()) {
      throw new IllegalArgumentException("optimiser state has " + state.size() + " tensors, expected " + 2 * exp.size());
    }
    for (String name : exp.keySet()) {
      restoreOne(exp, name, state.get("exp_avg." + name));
      restoreOne(expSq, name, state.get("exp_avg_sq." + name));
    }
    this.steps = stepCount;
  }

  private void restoreOne(Map<String, NDArray> into, String name, HostTensor t) {
    NDArray old = into.get(name);
    if (t == null || !old.getShape().equals(new ai.djl.ndarray.types.Shape(t.shape()))) {
      throw new IllegalArgumentException("optimiser state for '" + name + "' is missing or mis-shaped");
    }
    into.put(name, OwnedTensors.of(manager, t.toFloats(), old.getShape()));
    old.close();
  }

  @Override
  public void close() {
    manager.close();
  }
}
