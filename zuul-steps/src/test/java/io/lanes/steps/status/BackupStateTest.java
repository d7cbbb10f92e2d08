package io.lanes.steps.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.backup.LastBackup;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("status says whether the newest backup is verified: the last drill restored it and passed (pure)")
class BackupStateTest {
  private static final Instant NOW = Instant.parse("2026-12-05T06:00:00Z");
  private static final LastBackup NEWEST =
      new LastBackup("20261205T020000Z", Instant.parse("2026-12-05T02:00:00Z"), "complete", 2048, Optional.of("age"));

  private static Map<String, Object> drill(String backup, boolean passed) {
    return Map.of("time", "2026-12-05T04:00:00Z", "backup", backup, "passed", passed);
  }

  @Test
  @DisplayName("the last drill restored the newest backup and passed: verified, with the drill's time")
  void verified() {
    PlatformStatus.BackupState state =
        PlatformStatus.BackupState.of(Optional.of(NEWEST), "s3://b/acme/", NOW, Optional.of(drill(NEWEST.id(), true)));

    assertThat(state.line()).endsWith(", verified by the drill at 2026-12-05T04:00:00Z");
    assertThat(state.result()).containsEntry("verified", true);
  }

  @Test
  @DisplayName("a failed drill of it, a drill of an older backup, or no drill: not verified, saying which")
  void notVerified() {
    assertThat(PlatformStatus.BackupState.of(Optional.of(NEWEST), "s3://b/acme/", NOW,
            Optional.of(drill(NEWEST.id(), false))).line())
        .endsWith(", not verified by a drill (the last drill restored 20261205T020000Z and FAILED)");
    PlatformStatus.BackupState older =
        PlatformStatus.BackupState.of(Optional.of(NEWEST), "s3://b/acme/", NOW, Optional.of(drill("20261204T020000Z", true)));
    assertThat(older.line()).endsWith(", not verified by a drill (the last drill restored 20261204T020000Z)");
    assertThat(older.result()).containsEntry("verified", false);
    assertThat(PlatformStatus.BackupState.of(Optional.of(NEWEST), "s3://b/acme/", NOW, Optional.empty()).line())
        .endsWith(", not verified by a drill yet");
  }
}
