package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.backup.format.BackupLayout;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private static Retention.Candidate complete(String id) {
    return new Retention.Candidate(id, BackupLayout.start(id).orElseThrow(), true);
  }

  private static Retention.Candidate incomplete(String id) {
    return new Retention.Candidate(id, BackupLayout.start(id).orElseThrow(), false);
  }

  @Test
  @DisplayName("keeps the newest 'keep' complete backups and deletes older ones")
  void byCount() {
    List<String> expired =
        Retention.expired(
            List.of(complete("20261124T020000Z"), complete("20261123T020000Z"), complete("20261122T020000Z")),
            2, 30, NOW);

    assertThat(expired).containsExactly("20261122T020000Z");
  }

  @Test
  @DisplayName("deletes backups older than keepDays, but never the newest complete one")
  void byAge() {
    List<String> expired =
        Retention.expired(List.of(complete("20260101T020000Z"), complete("20251231T020000Z")), 7, 30, NOW);

    assertThat(expired).containsExactly("20251231T020000Z");
  }

  @Test
  @DisplayName("an incomplete backup goes once a newer complete one exists; a newer incomplete one stays")
  void incompleteBackups() {
    List<String> expired =
        Retention.expired(
            List.of(incomplete("20261124T030000Z"), complete("20261124T020000Z"), incomplete("20261123T020000Z")),
            7, 30, NOW);

    assertThat(expired).containsExactly("20261123T020000Z");
  }

  @Test
  @DisplayName("binlog segments go once no kept backup needs them and their lock has expired; a locked file is kept"
      + " with its date; nothing goes without a backup with a binlog position")
  void binlogSegments() {
    Instant now = Instant.parse("2026-12-05T03:00:00Z");
    List<Retention.BinlogFile> files = List.of(
        new Retention.BinlogFile("binlog.000007", java.util.Optional.of(now.minusSeconds(1))),
        new Retention.BinlogFile("binlog.000008", java.util.Optional.of(now.plusSeconds(3600))),
        new Retention.BinlogFile("binlog.000009", java.util.Optional.empty()),
        new Retention.BinlogFile("binlog.000010", java.util.Optional.empty()),
        new Retention.BinlogFile("binlog.000011", java.util.Optional.of(now.plusSeconds(3600))));

    Retention.BinlogDecision decision = Retention.binlogs(files, java.util.Optional.of("binlog.000010"), now);

    assertThat(decision.delete()).containsExactly("binlog.000007", "binlog.000009");
    assertThat(decision.locked()).containsOnlyKeys("binlog.000008").containsEntry("binlog.000008", now.plusSeconds(3600));
    assertThat(Retention.binlogs(files, java.util.Optional.empty(), now).delete()).isEmpty();
  }
}
