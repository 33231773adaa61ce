package org.neurojepa.model.internal;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine without network access: the natives come from the
 * pytorch-native-cpu jar on the class path, and {@code ai.djl.offline} forbids any download.
 */
public final class DjlRuntime {
  public static final String ENGINE = "PyTorch";

  private DjlRuntime() {}

  public static synchronized Engine engine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine engine = Engine.getEngine(ENGINE);
    if (engine == null) {
      throw new IllegalStateException("DJL PyTorch engine not found on the class path");
    }
    return engine;
  }
}
