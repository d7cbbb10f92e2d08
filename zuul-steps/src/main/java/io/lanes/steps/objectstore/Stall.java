package io.lanes.steps.objectstore;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Whether an upload has stalled: no progress (a byte taken by the HTTP client, a part acknowledged) for longer than
 * the stall timeout. Pure: it is told when progress happened and asked about a moment, both on the monotonic clock
 * ({@link System#nanoTime()}), so a test decides with plain numbers. AWS SDK v2's sync client has timeouts for a
 * whole call and for a read that gets no byte, but no notion of a body that stops moving: a socket write blocked by a
 * gateway that no longer reads (Ceph RGW with its cluster full) never times out.
 *
 * <p>{@link #progress} is called by the uploader thread, {@link #stalledFor} by the thread that waits for it.
 */
public final class Stall {
  private final long timeoutNanos;
  private volatile long lastProgress;

  /** Counts from {@code now} (nanoseconds, monotonic); stalled after {@code timeout} without progress. */
  public Stall(Duration timeout, long now) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("stall timeout must be positive: " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.lastProgress = now;
  }

  /** Progress at {@code now}. */
  public void progress(long now) {
    lastProgress = now;
  }

  /**
   * When stalled at {@code now}: the whole seconds since the last progress (at least the timeout's); empty while
   * the upload still moves.
   */
  public OptionalLong stalledFor(long now) {
    long quiet = now - lastProgress;
    return quiet > timeoutNanos ? OptionalLong.of(Duration.ofNanos(quiet).toSeconds()) : OptionalLong.empty();
  }

  /** How long a waiter may sleep before asking again: a quarter of the timeout, at most a second. */
  public Duration pollInterval() {
    return Duration.ofNanos(Math.min(timeoutNanos / 4, Duration.ofSeconds(1).toNanos())).plusMillis(1);
  }
}
