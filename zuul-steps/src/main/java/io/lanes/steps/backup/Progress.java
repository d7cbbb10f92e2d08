package io.lanes.steps.backup;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress lines on stderr for one object: bytes so far and the rate, at most one line every few seconds, and a
 * last line with the totals.
 */
final class Progress {
  private static final long INTERVAL_NANOS = 5_000_000_000L;

  private final PrintWriter err;
  private final String what;
  private final long startNanos = System.nanoTime();
  private long lastReport = startNanos;

  Progress(PrintWriter err, String what) {
    this.err = err;
    this.what = what;
  }

  /** Reports {@code bytes} so far when the last line is old enough. */
  void update(long bytes) {
    long now = System.nanoTime();
    if (now - lastReport >= INTERVAL_NANOS) {
      lastReport = now;
      err.printf(Locale.ROOT, "  %s: %s so far, %s/s%n", what, bytes(bytes), bytes(rate(bytes, now)));
      err.flush();
    }
  }

  /** The closing line: {@code raw} bytes read, {@code stored} bytes stored, the time and the rate. */
  long done(long raw, long stored) {
    long now = System.nanoTime();
    long millis = (now - startNanos) / 1_000_000;
    err.printf(
        Locale.ROOT,
        "  %s: %s read, %s stored in %.1f s (%s/s)%n",
        what,
        bytes(raw),
        bytes(stored),
        millis / 1000.0,
        bytes(rate(raw, now)));
    err.flush();
    return millis;
  }

  private long rate(long bytes, long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    return (long) (bytes / seconds);
  }

  /** {@code 1.5 MiB}-style sizes. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

}
