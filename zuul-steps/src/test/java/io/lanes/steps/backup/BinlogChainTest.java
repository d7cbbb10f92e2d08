package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.BinlogSegment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BinlogChainTest {
  private static final Instant DUMP = Instant.parse("2026-12-05T10:00:00Z");
  private static final BackupManifest BASE = new BackupManifest(
      1, "acme", "20261205T100000Z", DUMP, DUMP.plusSeconds(5),
      new BackupManifest.ConsistentPoint(DUMP, "binlog.000009", 1200L, "0-1-50", null),
      Map.of(), List.of(), Map.of("openedx.courses", 3L), null, null);

  private static BinlogSegment segment(String file, long start, long end, boolean closed, String covered) {
    return new BinlogSegment(
        1, "acme", file, start, end, file + "/" + String.format("%012d", start) + ".gz", 10, "ab", null, null, closed,
        covered == null ? null : Instant.parse(covered), null);
  }

  @Test
  @DisplayName("the chain runs from the base's file across a closed file into the next, and stops at the first"
      + " segment that covers the target")
  void followsFilesUpToTheTarget() {
    List<BinlogSegment> segments = List.of(
        segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"),
        segment("binlog.000009", 1500, 4000, true, "2026-12-05T10:00:30Z"),
        segment("binlog.000010", 0, 800, false, "2026-12-05T10:00:40Z"),
        segment("binlog.000010", 800, 900, false, "2026-12-05T10:01:00Z"));

    BinlogChain.Plan plan = BinlogChain.plan("acme", BASE, segments, Instant.parse("2026-12-05T10:00:35Z"));

    assertThat(plan.segments()).extracting(BinlogSegment::start).containsExactly(0L, 1500L, 0L);
    assertThat(plan.files()).containsExactly("binlog.000009", "binlog.000010");
    assertThat(plan.coveredUntil()).isEqualTo(Instant.parse("2026-12-05T10:00:40Z"));
  }

  @Test
  @DisplayName("a hole inside a file, or a file left unclosed before the next, is refused (exit 1) naming the bytes")
  void gapRefusedNamingIt() {
    List<BinlogSegment> hole = List.of(
        segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"),
        segment("binlog.000009", 2000, 4000, false, "2026-12-05T10:00:50Z"));
    List<BinlogSegment> unclosed = List.of(
        segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"),
        segment("binlog.000010", 0, 800, false, "2026-12-05T10:00:50Z"));
    Instant target = Instant.parse("2026-12-05T10:00:45Z");

    assertThatThrownBy(() -> BinlogChain.plan("acme", BASE, hole, target))
        .isInstanceOf(StepException.class)
        .satisfies(e -> assertThat(((StepException) e).exitCode()).isEqualTo(1))
        .hasMessageContaining("binlog segment missing: acme/binlogs/binlog.000009/ bytes 1500 to 2000")
        .hasMessageContaining("nothing was restored");
    assertThatThrownBy(() -> BinlogChain.plan("acme", BASE, unclosed, target))
        .hasMessageContaining("bytes 1500 to the end of binlog.000009");
  }

  @Test
  @DisplayName("a target after what the segments cover, or with none stored from the base, is exit 2")
  void targetOutsideCoverage() {
    List<BinlogSegment> segments = List.of(segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"));

    assertThatThrownBy(() -> BinlogChain.plan("acme", BASE, segments, Instant.parse("2026-12-05T11:00:00Z")))
        .satisfies(e -> assertThat(((StepException) e).exitCode()).isEqualTo(2))
        .hasMessageContaining("is outside what the stored binlogs cover")
        .hasMessageContaining("until 2026-12-05T10:00:20Z");
    assertThatThrownBy(() -> BinlogChain.plan("acme", BASE, List.of(), Instant.parse("2026-12-05T10:00:10Z")))
        .satisfies(e -> assertThat(((StepException) e).exitCode()).isEqualTo(2))
        .hasMessageContaining("no segment is stored");
  }

  @Test
  @DisplayName("the drill's reach follows the whole chain; a hole fails it naming the segment, the achievable RPO is"
      + " measured to the chain's end, and a chain that stops more than the limit before now fails too")
  void drillVerdict() {
    List<BinlogSegment> whole = List.of(
        segment("binlog.000009", 0, 1500, true, "2026-12-05T10:00:20Z"),
        segment("binlog.000010", 0, 800, false, "2026-12-05T10:05:00Z"));
    List<BinlogSegment> holed = List.of(
        segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"),
        segment("binlog.000009", 2000, 4000, false, "2026-12-05T10:05:00Z"));
    Instant now = Instant.parse("2026-12-05T10:05:30Z");
    java.time.Duration limit = DrillBinlogs.limit(20);

    DrillBinlogs ok = DrillBinlogs.of(BinlogChain.reach("acme", BASE, whole), BASE, now, limit, "backup.n.binlogSeconds");
    DrillBinlogs gap = DrillBinlogs.of(BinlogChain.reach("acme", BASE, holed), BASE, now, limit, "backup.n.binlogSeconds");
    DrillBinlogs stale = DrillBinlogs.of(BinlogChain.reach("acme", BASE, whole), BASE, now.plusSeconds(600), limit,
        "backup.n.binlogSeconds");
    DrillBinlogs none = DrillBinlogs.of(BinlogChain.reach("acme", BASE, List.of()), BASE, now, limit, "x");

    assertThat(limit).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(ok.passed()).isTrue();
    assertThat(ok.segments()).isEqualTo(2);
    assertThat(ok.files()).containsExactly("binlog.000009", "binlog.000010");
    assertThat(ok.rpo()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(gap.passed()).isFalse();
    assertThat(gap.segments()).isEqualTo(1);
    assertThat(gap.rpo()).isEqualTo(java.time.Duration.ofSeconds(310));
    assertThat(gap.problem()).hasValueSatisfying(p -> assertThat(p)
        .startsWith("binlog segment missing: acme/binlogs/binlog.000009/ bytes 1500 to 2000")
        .contains("acme/binlogs/binlog.000009/000000002000.gz"));
    assertThat(stale.problem()).hasValueSatisfying(p -> assertThat(p)
        .contains("binlog RPO exceeded: the stored binlogs cover until 2026-12-05T10:05:00Z, 630 s before the drill")
        .contains("the limit is 60 s (twice backup.n.binlogSeconds"));
    assertThat(none.problem()).hasValueSatisfying(p -> assertThat(p)
        .contains("no binlog segment is stored from backup 20261205T100000Z's position binlog.000009:1200"));
  }

  @Test
  @DisplayName("a drill whose binlogs fail is a failed drill; its report and result say why and how far they reach")
  void failedBinlogsFailTheDrill() {
    Instant now = Instant.parse("2026-12-05T10:05:30Z");
    DrillReport counts = DrillReport.of(BASE, Map.of("openedx.courses", 3L), Map.of(), now.minusSeconds(40), now,
        java.time.Duration.ofHours(26));
    DrillBinlogs gap = DrillBinlogs.of(BinlogChain.reach("acme", BASE, List.of(
        segment("binlog.000009", 0, 1500, false, "2026-12-05T10:00:20Z"),
        segment("binlog.000009", 2000, 4000, false, "2026-12-05T10:05:00Z"))), BASE, now, DrillBinlogs.limit(20), "s");

    DrillReport drill = counts.withBinlogs(gap);

    assertThat(counts.passed()).isTrue();
    assertThat(drill.passed()).isFalse();
    assertThat(drill.verified()).isTrue();
    assertThat(drill.toMarkdown()).contains("FAILED").contains("| RPO with binlogs (point in time) | 5 min 10 s")
        .contains("## Binlogs\n\n- binlog segment missing: acme/binlogs/binlog.000009/ bytes 1500 to 2000");
    @SuppressWarnings("unchecked")
    Map<String, Object> binlogs = (Map<String, Object>) drill.toResult().get("binlogs");
    assertThat(binlogs).containsEntry("passed", false).containsEntry("segments", 1).containsEntry("rpo_seconds", 310L)
        .containsEntry("covered_until", "2026-12-05T10:00:20Z");
    assertThat(DrillHistory.entry(drill)).containsEntry("binlog_rpo_seconds", 310L).containsEntry("passed", false);
  }
}
