package io.lanes.steps;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that works in blocks (it decrypts, checks, rewrites or assembles them): its single-byte
 * {@link #read()} reads a block of one byte, so every byte goes through {@link #read(byte[], int, int)}.
 */
public abstract class BlockInputStream extends InputStream {
  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] bytes, int offset, int length) throws IOException;
}
