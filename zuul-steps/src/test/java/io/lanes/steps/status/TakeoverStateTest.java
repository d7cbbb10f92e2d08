package io.lanes.steps.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.TakeoverRecord;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("status shows a platform's takeover from the record takeover keeps in the bucket (pure)")
class TakeoverStateTest {
  private static final Instant NOW = Instant.parse("2026-12-05T11:00:00Z");
  private static final Instant STARTED = Instant.parse("2026-12-05T10:20:00.250Z");
  private static final Instant POINT = Instant.parse("2026-12-05T10:15:30Z");

  private static TakeoverRecord record(String state, Instant updated, Double rto) {
    return new TakeoverRecord("20261205T020000Z", POINT, POINT.plusSeconds(1), state, updated, STARTED, POINT, "dr",
        "openedx-acme", rto);
  }

  @Test
  @DisplayName("a finished takeover: done, when, which backup, the recovery point, the RTO and where it runs now")
  void done() {
    TakeoverState state = TakeoverState.of(
        Optional.of(record(TakeoverRecord.DEPLOYED, Instant.parse("2026-12-05T10:21:24.9Z"), 84.25)), NOW);

    assertThat(state.line()).isEqualTo("done 2026-12-05T10:21:24Z (38 min ago), started 2026-12-05T10:20:00Z, backup"
        + " 20261205T020000Z, recovery point 2026-12-05T10:15:30Z, RTO 84.3 s, into namespace openedx-acme on cluster dr");
    assertThat(state.result()).containsEntry("state", "deployed").containsEntry("finished", true)
        .containsEntry("backup", "20261205T020000Z").containsEntry("recovery_point", "2026-12-05T10:15:30Z")
        .containsEntry("rto_seconds", 84.25).containsEntry("started", "2026-12-05T10:20:00.250Z")
        .containsEntry("cluster", "dr").containsEntry("namespace", "openedx-acme");
  }

  @Test
  @DisplayName("an unfinished takeover: IN PROGRESS with its state's meaning, no RTO yet, and that a re-run resumes it")
  void inProgress() {
    TakeoverState restoring = TakeoverState.of(
        Optional.of(record(TakeoverRecord.RESTORING, Instant.parse("2026-12-05T10:20:03Z"), null)), NOW);
    TakeoverState restored = TakeoverState.of(
        Optional.of(record(TakeoverRecord.RESTORED, Instant.parse("2026-12-05T08:20:03Z"), null)), NOW);

    assertThat(restoring.line()).startsWith("IN PROGRESS (restoring: the restore began, written 2026-12-05T10:20:03Z,"
            + " 39 min ago), started 2026-12-05T10:20:00Z, backup 20261205T020000Z")
        .endsWith("; running now, or stopped by a failure: takeover --confirm resumes it")
        .doesNotContain("RTO");
    assertThat(restored.line()).startsWith("IN PROGRESS (restored: restored, not yet deployed, written"
        + " 2026-12-05T08:20:03Z, 2 h ago)");
    assertThat(restoring.result()).containsEntry("state", "restoring").containsEntry("finished", false)
        .doesNotContainKey("rto_seconds");
  }

  @Test
  @DisplayName("a record an older Lanes wrote (backup, toTime, state only): what it holds, the replay time as the"
      + " recovery point")
  void olderRecord() {
    TakeoverState state = TakeoverState.of(Optional.of(
        new TakeoverRecord("20261205T020000Z", POINT, null, "restoring", null, null, null, null, null, null)), NOW);

    assertThat(state.line()).isEqualTo("IN PROGRESS (restoring: the restore began), backup 20261205T020000Z, recovery"
        + " point 2026-12-05T10:15:30Z; running now, or stopped by a failure: takeover --confirm resumes it");
    assertThat(state.result()).containsOnlyKeys("state", "finished", "backup", "to_time");
  }

  @Test
  @DisplayName("no record: none recorded, null in the result; a record that does not parse: one line naming it")
  void noneOrUnreadable() {
    assertThat(TakeoverState.of(Optional.empty(), NOW).line()).isEqualTo("none recorded");
    assertThat(TakeoverState.of(Optional.empty(), NOW).result()).isNull();
    StepException bad = Assertions.catchThrowableOfType(StepException.class,
        () -> TakeoverRecord.parse("acme/takeover.json", "{\"state\": \"restoring\"}"));
    TakeoverState unreadable = TakeoverState.unreadable(bad.getMessage());

    assertThat(unreadable.line()).isEqualTo("cannot read: acme/takeover.json: not a takeover record (backup or state"
        + " missing); remove it to start afresh");
    assertThat(unreadable.result()).containsEntry("state", "unreadable");
  }
}
