package org.neurojepa.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Reading checks every
 * range against the file, so a truncated or malformed file is an error, never a partial load.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** Tensors and the optional {@code __metadata__} string map of a file. */
  public record Contents(Map<String, HostTensor> tensors, Map<String, String> metadata) {}

  public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        throw new IllegalArgumentException("'__metadata__' is not a tensor name");
      }
      HostTensor t = e.getValue();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", t.dtype());
      var shape = entry.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      var offsets = entry.putArray("data_offsets");
      offsets.add(offset);
      offset += t.data().length;
      offsets.add(offset);
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(prefix.array());
      for (HostTensor t : tensors.values()) {
        out.write(t.data());
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw corrupt(file, "shorter than the 8-byte header length (" + size + " bytes)");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long headerLength = len.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw corrupt(file, "header length " + headerLength + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(ch, headerBytes, 8);
      JsonNode header;
      try {
        header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw corrupt(file, "header is not JSON: " + e.getMessage());
      }
      if (header == null || !header.isObject()) {
        throw corrupt(file, "header is not a JSON object");
      }
      long dataStart = 8 + headerLength;
      long dataLength = size - dataStart;
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      List<long[]> ranges = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        String name = e.getKey();
        JsonNode entry = e.getValue();
        if (name.equals("__metadata__")) {
          entry.properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        JsonNode dtype = entry.get("dtype");
        JsonNode shape = entry.get("shape");
        JsonNode offsets = entry.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray()
            || offsets == null || !offsets.isArray() || offsets.size() != 2) {
          throw corrupt(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
          if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
            throw corrupt(file, "tensor '" + name + "' has a bad shape " + shape);
          }
          dims[i] = shape.get(i).asLong();
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long expected;
        try {
          expected = HostTensor.elementCount(dims) * HostTensor.elementSize(dtype.asText());
        } catch (IllegalArgumentException | ArithmeticException ex) {
          throw corrupt(file, "tensor '" + name + "': " + ex.getMessage());
        }
        if (begin < 0 || end < begin || end > dataLength) {
          throw corrupt(file, "tensor '" + name + "' bytes " + begin + ".." + end
              + " lie outside the " + dataLength + " data bytes (truncated file?)");
        }
        if (end - begin != expected) {
          throw corrupt(file, "tensor '" + name + "' has " + (end - begin) + " bytes for " + expected + " expected");
        }
        if (expected > Integer.MAX_VALUE - 16) {
          throw corrupt(file, "tensor '" + name + "' is too large for one array");
        }
        ByteBuffer data = ByteBuffer.allocate((int) expected);
        readFully(ch, data, dataStart + begin);
        tensors.put(name, new HostTensor(dtype.asText(), dims, data.array()));
        ranges.add(new long[] {begin, end});
      }
      ranges.sort((a, b) -> Long.compare(a[0], b[0]));
      for (int i = 1; i < ranges.size(); i++) {
        if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
          throw corrupt(file, "tensor byte ranges overlap");
        }
      }
      return new Contents(tensors, metadata);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
    long pos = position;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static IOException corrupt(Path file, String why) {
    return new CorruptCheckpointException(file + " is not a valid safetensors file: " + why);
  }
}
