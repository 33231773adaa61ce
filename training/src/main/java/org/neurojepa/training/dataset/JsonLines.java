package org.neurojepa.training.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file of JSON lines that survives a crash at any point: each line is written and
 * forced to disk before {@link #append} returns; a torn last line (no newline yet) is ignored by
 * {@link #completeText} and cut off before the next append, so it never joins the next line.
 */
final class JsonLines {
  private JsonLines() {}

  /** Appends {@code json} and a newline to {@code file} durably, creating the file when absent. */
  static void append(Path file, String json) throws IOException {
    if (json.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a JSON line holds no newline");
    }
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = size;
      // cut a torn last line left by a crash, so the new line starts on a line of its own
      while (keep > 0) {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, keep - 1);
        if (b.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        ch.truncate(keep);
      }
      ByteBuffer buf = ByteBuffer.wrap(line);
      long at = keep;
      while (buf.hasRemaining()) {
        at += ch.write(buf, at);
      }
      ch.force(true);
    }
  }

  /** The file's complete lines (up to its last newline); "" when the file does not exist. */
  static String completeText(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    byte[] bytes = Files.readAllBytes(file);
    int n = bytes.length;
    while (n > 0 && bytes[n - 1] != '\n') {
      n--;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}
