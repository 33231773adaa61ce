package org.neurojepa.pacs.internal.net;

import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream over a byte array without ByteArrayInputStream's per-call locking: the structure
 * walk reads element headers a byte at a time, and the data is never shared between threads.
 */
final class UnsynchronizedInput extends InputStream {
  private final byte[] data;
  private final int length;
  private int position;

  UnsynchronizedInput(byte[] data, int length) {
    this.data = Objects.requireNonNull(data, "data");
    if (length < 0 || length > data.length) {
      throw new IllegalArgumentException("length " + length + " outside the array");
    }
    this.length = length;
  }

  @Override
  public int read() {
    return position < length ? data[position++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (position >= length) {
      return -1;
    }
    int n = Math.min(len, length - position);
    System.arraycopy(data, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, length - position));
    position += (int) k;
    return k;
  }

  @Override
  public int available() {
    return length - position;
  }
}
