package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.CorruptCheckpointException;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.Safetensors;
import org.neurojepa.model.nn.Encoder;

class CheckpointTest {
  @TempDir Path dir;

  @Test
  void checkpointRoundTripIsBitwiseExact() throws IOException {
    NeuroJepaConfig config = NeuroJepaConfig.tiny().withPositions(PositionConvention.GEOMETRIC);
    Encoder encoder = new Encoder(config);
    Map<String, HostTensor> written;
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 11, Device.cpu(), DataType.FLOAT32)) {
      written = store.toHost();
    }
    Checkpoint.write(dir, config, written, "nj-test-1", "synthetic volumes from Colin27");
    Checkpoint.Contents read = Checkpoint.read(dir);
    assertEquals(config, read.config());
    assertEquals("nj-test-1", read.version().id());
    assertEquals(Checkpoint.sha256(dir.resolve(Checkpoint.WEIGHTS)), read.version().weightsSha256());
    assertEquals("synthetic volumes from Colin27", read.manifest().trainingData());
    assertEquals(written.keySet(), read.tensors().keySet());
    for (String k : written.keySet()) {
      assertEquals(written.get(k), read.tensors().get(k), k); // dtype, shape and every byte
    }
    // And through a store again: the loaded model gives the saved bytes back.
    try (ParameterStore store = ParameterStore.fromTensors(encoder.specs(), read.tensors(), Device.cpu(), DataType.FLOAT32)) {
      Map<String, HostTensor> again = store.toHost();
      for (String k : written.keySet()) {
        assertArrayEquals(written.get(k).data(), again.get(k).data(), k);
      }
    }
  }

  @Test
  void safetensorsKeepsEveryDtypeAndMetadata() throws IOException {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("a", HostTensor.ofFloats(new float[] {1.5f, -2f, Float.NaN}, 3));
    t.put("b", HostTensor.ofLongs(new long[] {Long.MAX_VALUE, -1}, 2, 1));
    t.put("c", new HostTensor("BF16", new long[] {2}, new byte[] {(byte) 0x80, 0x3f, 0, (byte) 0xc0}));
    t.put("empty", HostTensor.ofFloats(new float[0], 0, 4));
    Path f = dir.resolve("x.safetensors");
    Safetensors.write(f, t, Map.of("k", "v"));
    Safetensors.Contents c = Safetensors.read(f);
    assertEquals(t, c.tensors());
    assertEquals(Map.of("k", "v"), c.metadata());
    assertArrayEquals(new float[] {1f, -2f}, c.tensors().get("c").toFloats());
  }

  @Test
  void truncatedFileIsRejectedNamingTheTensor() throws IOException {
    Path f = dir.resolve("t.safetensors");
    Safetensors.write(f, Map.of("w", HostTensor.ofFloats(new float[100], 10, 10)), Map.of());
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 4));
    CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f));
    assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void badHeadersAreRejected() throws IOException {
    Path f = dir.resolve("h.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f));
    Files.write(f, withHeader("{not json", 0));
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f)).getMessage().contains("JSON"));
    Files.write(f, withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 8));
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f)).getMessage().contains("'w'"));
    Files.write(f, withHeader("{\"w\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f)).getMessage().contains("Q7"));
    ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
    Files.write(f, huge.array());
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Safetensors.read(f)).getMessage().contains("header length"));
  }

  @Test
  void modifiedWeightsOrManifestAreRefused() throws IOException {
    NeuroJepaConfig config = NeuroJepaConfig.tiny();
    Map<String, HostTensor> t = TestWeights.random(new Encoder(config).specs(), 1, 0.1);
    Checkpoint.write(dir, config, t, "v1", "");
    Path weights = dir.resolve(Checkpoint.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(dir)).getMessage().contains("SHA-256"));

    Path manifest = dir.resolve(Checkpoint.MANIFEST);
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replaceFirst("\\{", "{\"surprise\": 1,"));
    assertTrue(assertThrows(CorruptCheckpointException.class, () -> Checkpoint.readManifest(dir)).getMessage().contains("surprise"));
  }

  @Test
  void unknownConfigKeysAreErrors() {
    String json = NeuroJepaConfig.tiny().toJson();
    assertEquals(NeuroJepaConfig.tiny(), NeuroJepaConfig.fromJson(json));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NeuroJepaConfig.fromJson(json.replaceFirst("\\{", "{\"embed_dim\": 64,")));
    assertTrue(e.getMessage().contains("embed_dim"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NeuroJepaConfig.fromJson(json.replace("\"depth\" : 4,", "")));
    assertThrows(IllegalArgumentException.class, () -> NeuroJepaConfig.fromJson(json.replace("\"topK\" : 2", "\"topK\" : 9")));
  }

  private static byte[] withHeader(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }
}
