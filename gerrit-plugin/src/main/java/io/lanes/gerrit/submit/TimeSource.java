package io.lanes.gerrit.submit;

import java.time.Instant;

/** Now, for freeze decisions. Bound to the system clock; tests bind one they can set. */
public interface TimeSource {
  /** The current instant. */
  Instant now();

  /** The system clock. */
  final class System implements TimeSource {
    @Override
    public Instant now() {
      return Instant.now();
    }
  }
}
