package io.lanes.steps.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StallTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("an upload is not stalled up to the timeout, and stalled just after it, with the seconds it has been quiet")
  void stalledOnlyPastTheTimeout() {
    Stall stall = new Stall(Duration.ofSeconds(120), 1000);

    assertThat(stall.stalledFor(1000 + 120 * SECOND)).isEmpty();
    assertThat(stall.stalledFor(1000 + 120 * SECOND + 1)).hasValue(120);
    assertThat(stall.stalledFor(1000 + 781 * SECOND)).hasValue(781);
  }

  @Test
  @DisplayName("progress restarts the count: a slow upload that keeps moving never stalls")
  void progressRestartsTheCount() {
    Stall stall = new Stall(Duration.ofSeconds(3), 0);
    for (long t = 2 * SECOND; t < 60 * SECOND; t += 2 * SECOND) {
      stall.progress(t);
      assertThat(stall.stalledFor(t + 2 * SECOND)).as("at %d s", t / SECOND).isEmpty();
    }

    assertThat(stall.stalledFor(58 * SECOND + 4 * SECOND)).hasValue(4);
  }

  @Test
  @DisplayName("a waiter asks at least once a second, four times per timeout when it is shorter")
  void pollInterval() {
    assertThat(new Stall(Duration.ofSeconds(120), 0).pollInterval()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1001));
    assertThat(new Stall(Duration.ofSeconds(2), 0).pollInterval()).isBetween(Duration.ofMillis(500), Duration.ofMillis(501));
  }

  @Test
  @DisplayName("a timeout that is not positive is refused")
  void positiveTimeout() {
    assertThatThrownBy(() -> new Stall(Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
