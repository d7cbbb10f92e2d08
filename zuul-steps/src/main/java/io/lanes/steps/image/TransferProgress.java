package io.lanes.steps.image;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/** Progress of one blob upload on stderr: a line when it starts, at most one a second while it runs, one at the end. */
final class TransferProgress implements LongConsumer {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final PrintWriter log;
  private final String prefix;
  private final long size;
  private final long started = System.nanoTime();
  private long lastPrinted = started;
  private long sent;

  TransferProgress(PrintWriter log, String repository, int index, int count, String digest, long size) {
    this.log = log;
    this.size = size;
    this.prefix =
        String.format(Locale.ROOT, "push-image: %s layer %d/%d %s", repository, index, count, shortDigest(digest));
    log.printf("%s: sending %s%n", prefix, mebibytes(size));
    log.flush();
  }

  @Override
  public void accept(long bytesSent) {
    sent = bytesSent;
    long now = System.nanoTime();
    if (now - lastPrinted >= INTERVAL_NANOS) {
      lastPrinted = now;
      log.printf("%s: %s of %s%n", prefix, mebibytes(sent), mebibytes(size));
      log.flush();
    }
  }

  void done() {
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    log.printf(
        Locale.ROOT, "%s: sent %s in %.1f s (%.0f MiB/s)%n", prefix, mebibytes(sent), seconds,
        sent / seconds / (1 << 20));
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
