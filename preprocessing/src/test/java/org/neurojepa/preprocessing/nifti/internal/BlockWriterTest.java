package org.neurojepa.preprocessing.nifti.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BlockWriterTest {

  /** Blocks of every kind: empty, tiny, compressible, incompressible; more than one window. */
  private static byte[][] blocks(int count) {
    Random random = new Random(11);
    byte[][] blocks = new byte[count][];
    for (int i = 0; i < count; i++) {
      int size = switch (i % 5) {
        case 0 -> 0;
        case 1 -> 1 + random.nextInt(10);
        default -> random.nextInt(300_000);
      };
      blocks[i] = new byte[size];
      if (i % 5 == 4) {
        random.nextBytes(blocks[i]);
      } else {
        for (int k = 0; k < size; k++) {
          blocks[i][k] = (byte) (k / 7 + i);
        }
      }
    }
    return blocks;
  }

  private static byte[] concatenated(byte[][] blocks) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] b : blocks) {
      all.writeBytes(b);
    }
    return all.toByteArray();
  }

  @Test
  void rawOutputIsTheBlocksInOrder() throws IOException {
    byte[][] blocks = blocks(45);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockWriter.write(out, blocks.length, i -> blocks[i], false, Deflater.BEST_SPEED);
    assertArrayEquals(concatenated(blocks), out.toByteArray());
  }

  @Test
  void gzipOutputIsOneMemberThatInflatesToTheBlocksInOrder() throws IOException {
    for (int count : new int[] {1, 2, 45}) {
      byte[][] blocks = blocks(count);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BlockWriter.write(out, count, i -> blocks[i], true, Deflater.BEST_SPEED);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
        // GZIPInputStream checks the CRC-32 and length of the member
        assertArrayEquals(concatenated(blocks), in.readAllBytes(), count + " blocks");
      }
    }
  }

  @Test
  void anIncompressibleBlockInflatesBackWhetherLastOrNot() {
    byte[] noise = new byte[70_000];
    new Random(3).nextBytes(noise);
    for (boolean last : new boolean[] {false, true}) {
      byte[] packed = BlockWriter.deflate(noise, Deflater.BEST_SPEED, last);
      java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
      inflater.setInput(packed);
      byte[] back = new byte[noise.length];
      try {
        int n = 0;
        while (n < back.length) {
          n += inflater.inflate(back, n, back.length - n);
        }
      } catch (java.util.zip.DataFormatException e) {
        throw new AssertionError(e);
      } finally {
        inflater.end();
      }
      assertArrayEquals(noise, back);
    }
  }
}
