package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.internal.DjlRuntime;

/** DJL's PyTorch engine starts with downloads forbidden, from the natives jar on the class path. */
class EngineTest {
  @Test
  void engineStartsOfflineFromTheClassPathNativesAndMultiplies() throws IOException {
    Engine engine = DjlRuntime.engine();
    assertEquals("true", System.getProperty("ai.djl.offline"));
    assertEquals("PyTorch", engine.getEngineName());
    Properties natives = new Properties();
    try (InputStream in = EngineTest.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
      assertNotNull(in, "pytorch-native-cpu jar is not on the class path");
      natives.load(in);
    }
    assertEquals(natives.getProperty("version").split("-")[0], engine.getVersion());
    try (NDManager m = engine.newBaseManager()) {
      float[] c = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))
          .matMul(m.create(new float[] {5, 6, 7, 8}, new Shape(2, 2))).toFloatArray();
      assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }
  }
}
