package io.lanes.steps.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a step's stderr alive: when the step has printed nothing for {@link #QUIET_SECONDS} (a dump that waits on a
 * slow query, a rollout that does not move, a server that does not answer), one line says it is still running and
 * what it last said. So every step shows progress at least every five seconds, whether or not its engine reports
 * any, and a Zuul console or a maintainer's terminal never looks hung.
 *
 * <p>Wraps the step's stderr ({@link #err()}); the check runs on a daemon thread once a second until
 * {@link #close()}. Elapsed time is the monotonic clock's, not the step's {@code Clock} (tests fix that one).
 */
final class Heartbeat implements AutoCloseable {
  static final long QUIET_SECONDS = 5;
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
  private static final int LAST_LINE_MAX = 160;

  private final String step;
  private final LongSupplier nanoTime;
  private final Watched watched;
  private final PrintWriter err;
  private final long started;
  private final StringBuilder line = new StringBuilder();
  private long lastWrite;
  private String lastLine = "";
  private boolean midLine;
  private ScheduledExecutorService timer;

  Heartbeat(String step, PrintWriter target, LongSupplier nanoTime) {
    this.step = step;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.lastWrite = started;
    this.watched = new Watched(target);
    this.err = new PrintWriter(watched, true);
  }

  /** Starts checking once a second, on a daemon thread. */
  static Heartbeat start(String step, PrintWriter target) {
    Heartbeat heartbeat = new Heartbeat(step, target, System::nanoTime);
    heartbeat.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "zuul-steps-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    heartbeat.timer.scheduleWithFixedDelay(heartbeat::beat, 1, 1, TimeUnit.SECONDS);
    return heartbeat;
  }

  /** The stderr the step writes to. */
  PrintWriter err() {
    return err;
  }

  /** Prints the "still running" line when it is due. */
  void beat() {
    synchronized (watched) {
      due(nanoTime.getAsLong()).ifPresent(line -> {
        String stepsLast = lastLine;
        err.println(line);
        lastLine = stepsLast; // the heartbeat's own line is not what the step last said
      });
    }
  }

  /**
   * The line to print at {@code now}, when nothing was written for {@link #QUIET_SECONDS}: the step, how long it has
   * run, and the last line it printed. Empty when something was written recently.
   */
  Optional<String> due(long now) {
    synchronized (watched) {
      if (now - lastWrite < QUIET_NANOS) {
        return Optional.empty();
      }
      String text = step + ": still running, " + TimeUnit.NANOSECONDS.toSeconds(now - started) + " s"
          + (lastLine.isEmpty() ? "" : " (last: " + lastLine + ")");
      return Optional.of(midLine ? System.lineSeparator() + text : text);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    err.flush();
  }

  /**
   * The target writer, noting when it was last written to and the last complete line. {@link PrintWriter} writes
   * to it holding its monitor, so {@link #due} reads these fields under the same one.
   */
  private final class Watched extends Writer {
    private final Writer target;

    Watched(Writer target) {
      this.target = target;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
      target.write(buffer, offset, length);
      lastWrite = nanoTime.getAsLong();
      for (int i = offset; i < offset + length; i++) {
        char c = buffer[i];
        if (c == '\n') {
          String text = line.toString().strip();
          if (!text.isEmpty()) {
            lastLine = text.length() > LAST_LINE_MAX ? text.substring(0, LAST_LINE_MAX) + "…" : text;
          }
          line.setLength(0);
        } else if (c != '\r' && line.length() <= LAST_LINE_MAX) {
          line.append(c);
        }
      }
      midLine = line.length() > 0;
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() throws IOException {
      target.close();
    }
  }
}
