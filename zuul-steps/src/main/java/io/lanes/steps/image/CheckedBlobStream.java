package io.lanes.steps.image;

import io.lanes.steps.BlockInputStream;
import io.lanes.steps.Sha256Counter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A blob on its way to the registry, checked as it streams: exactly {@code size} bytes whose sha256 is {@code digest}.
 * A blob that differs fails the read that would hand out its last byte, so an upload that streams from it never
 * completes and the registry stores nothing. The first failure (this check's, or the source's own read error) is
 * kept for {@link #failure()}: an HTTP client that aborts an upload may wrap it beyond recognition.
 */
final class CheckedBlobStream extends BlockInputStream {
  private final String description;
  private final String digest;
  private final long size;
  private final InputStream in;
  private final Sha256Counter sha256 = new Sha256Counter();
  private IOException failure;

  /**
   * @param description what the blob is and where it comes from, for messages: {@code layer sha256:... of <image>
   *     read from the engine's storage (<dir>)}
   */
  CheckedBlobStream(InputStream content, String description, String digest, long size) {
    this.in = content;
    this.description = description;
    this.digest = digest;
    this.size = size;
  }

  /** The first failure seen while reading: a blob that is not what its digest says, or the source's read error. */
  Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /** The bytes read so far. */
  long bytesRead() {
    return sha256.count();
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      if (sha256.count() == size) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, size - sha256.count()));
      if (n < 0) {
        throw new IOException(
            description + " ends after " + sha256.count() + " bytes, not the " + size + " it should have");
      }
      sha256.update(buffer, offset, n);
      if (sha256.count() == size) {
        checkEnd();
      }
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private void checkEnd() throws IOException {
    if (in.read() >= 0) {
      throw new IOException(description + " has more than the " + size + " bytes it should have");
    }
    String actual = sha256.sha256Prefixed();
    if (!actual.equals(digest)) {
      throw new IOException(description + " has digest " + actual + ", not " + digest);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a checked blob is read, not skipped");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the source owns the stream it reads from
  }
}
