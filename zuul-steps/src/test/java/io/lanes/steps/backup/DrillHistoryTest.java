package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DrillHistoryTest {
  private static DrillReport report(String backup, List<String> mismatches) {
    Instant at = Instant.parse("2026-12-05T03:00:00Z");
    return new DrillReport("acme", backup, at.minus(Duration.ofHours(1)), at, Duration.ofHours(1), Duration.ofHours(26),
        Duration.ofMillis(41_500), mismatches, 6, null);
  }

  @Test
  @DisplayName("an entry holds when, which backup, passed or not, the counts, RPO and RTO")
  void entry() {
    Map<String, Object> entry = DrillHistory.entry(report("20261205T020000Z", List.of("table x: 1 != 2")));

    assertThat(entry).containsEntry("time", "2026-12-05T03:00:00Z").containsEntry("backup", "20261205T020000Z")
        .containsEntry("passed", false).containsEntry("checked", 6).containsEntry("mismatched", 1)
        .containsEntry("rpo_seconds", 3600L).containsEntry("rto_seconds", 41.5);
    assertThat(DrillHistory.line(entry))
        .isEqualTo("FAILED at 2026-12-05T03:00:00Z on backup 20261205T020000Z, RPO 3600 s, RTO 41.5 s, 1 of 6 counts"
            + " mismatched");
  }

  @Test
  @DisplayName("the history keeps the last 100 drills, oldest first")
  void keepsTheLastHundred() {
    List<Map<String, Object>> history = new ArrayList<>();
    for (int i = 0; i < 105; i++) {
      history = DrillHistory.appended(history, Map.of("n", i));
    }

    assertThat(history).hasSize(DrillHistory.KEPT);
    assertThat(history.get(0)).containsEntry("n", 5);
    assertThat(history.get(99)).containsEntry("n", 104);
    assertThat(DrillHistory.key("acme")).isEqualTo("acme/drills/history.json");
  }
}
