package org.neurojepa.preprocessing.nifti.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a byte stream made of numbered blocks, raw or as one gzip member, producing (and
 * compressing) several blocks at once on the common fork-join pool, as pigz does: each block is
 * deflated on its own and ended with a sync flush, the last one with the final block, so the
 * pieces join into one valid deflate stream; the CRC-32 and length of the whole follow. Blocks are
 * handled a window at a time, so memory stays at a few blocks per core whatever the stream's size.
 */
public final class BlockWriter {
  /** gzip member header: deflate, no flags, no time, no extra flags, OS unknown (as GZIPOutputStream). */
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0};
  private static final int WINDOW = 4 * Runtime.getRuntime().availableProcessors();

  private BlockWriter() {}

  /**
   * Writes blocks {@code 0 … count−1} to {@code out}, each made by {@code block} (called from
   * several threads at once, each index once); gzip-compressed at {@code level} when
   * {@code gzip}. {@code out} is not closed.
   */
  public static void write(OutputStream out, int count, IntFunction<byte[]> block, boolean gzip, int level)
      throws IOException {
    CRC32 crc = new CRC32();
    long length = 0;
    if (gzip) {
      out.write(GZIP_HEADER);
    }
    for (int from = 0; from < count; from += WINDOW) {
      int to = Math.min(count, from + WINDOW);
      byte[][] raw = new byte[to - from][];
      byte[][] packed = new byte[to - from][];
      int first = from;
      IntStream.range(from, to).parallel().forEach(i -> {
        raw[i - first] = block.apply(i);
        if (gzip) {
          packed[i - first] = deflate(raw[i - first], level, i == count - 1);
        }
      });
      for (int i = 0; i < raw.length; i++) {
        if (gzip) {
          out.write(packed[i]);
          crc.update(raw[i]);
        } else {
          out.write(raw[i]);
        }
        length += raw[i].length;
      }
    }
    if (gzip) {
      if (count == 0) {
        out.write(deflate(new byte[0], level, true));
      }
      byte[] trailer = new byte[8];
      putInt(trailer, 0, (int) crc.getValue());
      putInt(trailer, 4, (int) length);
      out.write(trailer);
    }
  }

  /** Raw deflate of one block: ended by a sync flush, or by the final block when {@code last}. */
  static byte[] deflate(byte[] in, int level, boolean last) {
    Deflater d = new Deflater(level, true);
    try {
      d.setInput(in);
      if (last) {
        d.finish();
      }
      int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
      byte[] out = new byte[in.length + in.length / 1000 + 64];
      int n = 0;
      while (true) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += d.deflate(out, n, out.length - n, flush);
        // a sync flush is complete when it leaves room in the buffer (Deflater#deflate)
        if (last ? d.finished() : n < out.length) {
          return Arrays.copyOf(out, n);
        }
      }
    } finally {
      d.end();
    }
  }

  private static void putInt(byte[] b, int at, int x) {
    b[at] = (byte) x;
    b[at + 1] = (byte) (x >> 8);
    b[at + 2] = (byte) (x >> 16);
    b[at + 3] = (byte) (x >> 24);
  }
}
