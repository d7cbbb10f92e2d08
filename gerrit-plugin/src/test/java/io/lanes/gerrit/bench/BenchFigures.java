package io.lanes.gerrit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The benchmarks' machine-readable figures, one JSON object per line appended to the file {@code LANES_BENCH_RESULT}
 * names (the shape bench/lib.sh writes and bench/figures.py reads); nothing when it is not set. Also the benchmarks'
 * settings from the environment, so that {@code bench/run.sh --quick} can shorten them without a new profile.
 */
final class BenchFigures {
  private final Path file;
  private final String loadAtStart = load();

  BenchFigures(Path file) {
    this.file = file;
  }

  /** The figures' file, or null when LANES_BENCH_RESULT is not set. */
  static BenchFigures fromEnvironment() {
    String file = System.getenv("LANES_BENCH_RESULT");
    return file == null || file.isBlank() ? null : new BenchFigures(Path.of(file));
  }

  /** The positive integer in the environment variable NAME, or the default. */
  static int setting(String name, int defaultValue) {
    return setting(name, System.getenv(name), defaultValue);
  }

  /** VALUE, the environment variable NAME's, as a positive integer, or the default when it is not set. */
  static int setting(String name, String value, int defaultValue) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": not a positive integer: " + value);
  }

  /** Appends one figure; the load average is the 1-minute one at this object's creation and now. */
  void append(
      String figure, String anchor, String unit, String target, double median, double min, double max, int pairs,
      String note) {
    String line =
        String.format(
            Locale.ROOT,
            "{\"figure\": %s, \"anchor\": %s, \"unit\": %s, \"target\": %s, \"median\": %.4f, \"min\": %.4f,"
                + " \"max\": %.4f, \"pairs\": %d, \"load\": %s, \"note\": %s}%n",
            quote(figure),
            quote(anchor),
            quote(unit),
            quote(target),
            median,
            min,
            max,
            pairs,
            quote(loadAtStart + "–" + load()),
            quote(note));
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("LANES_BENCH_RESULT " + file + ": cannot append", e);
    }
  }

  /** The value at percentile P of sorted VALUES (nearest rank). */
  static double percentile(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * p / 100) - 1)];
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
