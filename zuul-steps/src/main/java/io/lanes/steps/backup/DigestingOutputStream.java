package io.lanes.steps.backup;

import io.lanes.steps.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Passes bytes through while counting them and computing their SHA-256. */
final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest digest = Sha256.create();
  private long count;

  DigestingOutputStream(OutputStream out) {
    super(out);
  }


  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    count++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    digest.update(bytes, offset, length);
    count += length;
  }

  long count() {
    return count;
  }

  /** The hex SHA-256 of everything written; call once, after the last write. */
  String sha256Hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
