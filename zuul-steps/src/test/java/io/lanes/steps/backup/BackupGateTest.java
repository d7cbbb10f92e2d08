package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BackupGate lets an upgrade pass only with a complete backup younger than the maximum age (pure)")
class BackupGateTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  @Test
  @DisplayName("a complete backup of 30 minutes passes; one of 3 hours or none at all is refused, saying why")
  void ageAndPresence() {
    assertThat(BackupGate.refusal("acme", Optional.of(Map.entry("20261205T113000Z", NOW.minusSeconds(1800))), 0, NOW, TWO_HOURS))
        .isEmpty();
    assertThat(BackupGate.refusal("acme", Optional.of(Map.entry("20261205T090000Z", NOW.minusSeconds(3 * 3600))), 0, NOW, TWO_HOURS))
        .contains("the newest complete backup of platform acme, 20261205T090000Z, is 3 h old, more than"
            + " --backup-max-age 7200 s (2 h)");
    assertThat(BackupGate.refusal("acme", Optional.empty(), 2, NOW, TWO_HOURS))
        .contains("platform acme has no complete backup (2 incomplete)");
  }
}
