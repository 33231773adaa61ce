package org.neurojepa.training.optim;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs tensor updates with PyTorch's (thread-local) gradient recording off, so parameters that
 * record gradients can be changed in place by the optimiser and the EMA without joining a graph.
 */
public final class NoGrad {
  private NoGrad() {}

  public static void run(Runnable r) {
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      r.run();
    } finally {
      JniUtils.setGradMode(was);
    }
  }
}
