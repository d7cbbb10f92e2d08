package io.lanes.steps;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Counts bytes and computes their SHA-256: bytes given to {@link #update}, or passing through the streams of {@link
 * #reading} and {@link #writing}. The one way the steps size and hash what they store, upload or check.
 */
public final class Sha256Counter {
  private final MessageDigest digest = Sha256.create();
  private long count;

  /** Counts and hashes {@code length} bytes of {@code bytes} from {@code offset}. */
  public void update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    count += length;
  }

  /** The bytes counted so far. */
  public long count() {
    return count;
  }

  /** The hex SHA-256 of every byte counted; call once, after the last. */
  public String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** {@code sha256:<hex>} of every byte counted; call once, after the last. */
  public String sha256Prefixed() {
    return "sha256:" + sha256Hex();
  }

  /** {@code in}, counting and hashing every byte read from it (a skip reads what it skips, so none is missed). */
  public InputStream reading(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = super.read(bytes, offset, length);
        if (n > 0) {
          update(bytes, offset, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
      }
    };
  }

  /** {@code out}, counting and hashing every byte written to it. */
  public OutputStream writing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        update(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        update(bytes, offset, length);
      }
    };
  }
}
