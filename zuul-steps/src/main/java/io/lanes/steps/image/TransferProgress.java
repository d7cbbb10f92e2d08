package io.lanes.steps.image;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of one layer upload on stderr: a line when it starts, at most one a second while it runs (the layer read
 * so far and the compressed bytes sent), one at the end with the ratio and the throughput.
 */
final class TransferProgress implements LongConsumer {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter log;
  private final String prefix;
  private final long size;
  private final LongSupplier read;
  private final long started = System.nanoTime();
  private long lastPrinted = started;

  /**
   * @param size the layer's size uncompressed
   * @param read how much of the layer was read so far (uncompressed)
   */
  TransferProgress(
      PrintWriter log, String repository, int index, int count, String digest, long size, LongSupplier read) {
    this.log = log;
    this.size = size;
    this.read = read;
    this.prefix =
        String.format(Locale.ROOT, "push-image: %s layer %d/%d %s", repository, index, count, shortDigest(digest));
    log.printf("%s: compressing and sending %s%n", prefix, mebibytes(size));
    log.flush();
  }

  /** Takes the running count of compressed bytes sent. */
  @Override
  public void accept(long bytesSent) {
    long now = System.nanoTime();
    if (now - lastPrinted >= INTERVAL_NANOS) {
      lastPrinted = now;
      log.printf("%s: %s of %s read, %s sent%n", prefix, mebibytes(read.getAsLong()), mebibytes(size),
          mebibytes(bytesSent));
      log.flush();
    }
  }

  /** The end: {@code sent} compressed bytes for the layer's {@code size}. */
  void done(long sent) {
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    log.printf(
        Locale.ROOT, "%s: sent %s (gzip, %.0f %% of %s) in %.1f s (%.0f MiB/s of layer)%n", prefix, mebibytes(sent),
        size == 0 ? 100.0 : 100.0 * sent / size, mebibytes(size), seconds, size / seconds / (1 << 20));
    log.flush();
  }

  static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }

  static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    return digest.substring(0, Math.min(digest.length(), colon + 13));
  }
}
