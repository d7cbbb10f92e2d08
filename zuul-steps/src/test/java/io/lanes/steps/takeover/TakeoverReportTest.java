package io.lanes.steps.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("takeover's --report page says what happened: planned only, taken over, or failed (pure)")
class TakeoverReportTest {
  private static final List<String> PLAN = List.of("restore backup 20261205T020000Z of platform acme under the"
      + " databases' own names", "recovery point: 2026-12-05T10:15:30Z");

  @Test
  @DisplayName("a plan only: the heading says nothing changed, the plan's lines as a list")
  void planOnly() {
    assertThat(TakeoverReport.markdown("acme", true, PLAN, List.of(), Optional.empty())).isEqualTo("""
        # Takeover of acme: plan only, nothing changed

        What a takeover would do:

        - restore backup 20261205T020000Z of platform acme under the databases' own names
        - recovery point: 2026-12-05T10:15:30Z

        """);
  }

  @Test
  @DisplayName("a takeover that finished: taken over, the plan, then the summary with the RTO")
  void takenOver() {
    assertThat(TakeoverReport.markdown("acme", false, PLAN, List.of("takeover of acme: ...; RTO 84.2 s"),
        Optional.empty()))
        .startsWith("# Takeover of acme: taken over\n\nPlan:\n\n- restore backup ")
        .endsWith("\ntakeover of acme: ...; RTO 84.2 s\n\n");
  }

  @Test
  @DisplayName("a failure: FAILED, the reason in bold and that a re-run resumes; no plan when it failed before one")
  void failed() {
    assertThat(TakeoverReport.markdown("acme", false, List.of(), List.of(),
        Optional.of("binlog segment acme/binlogs/x is missing"))).isEqualTo("""
        # Takeover of acme: FAILED

        **binlog segment acme/binlogs/x is missing**

        Run the takeover again to resume it where it stopped.

        """);
  }
}
