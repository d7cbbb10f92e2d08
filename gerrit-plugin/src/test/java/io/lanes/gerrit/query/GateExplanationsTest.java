package io.lanes.gerrit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gerrit.index.query.MatchResult;
import io.lanes.core.config.FreezeInterval;
import io.lanes.gerrit.submit.GateState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GateExplanationsTest {
  private static final FreezeInterval CHRISTMAS =
      FreezeInterval.parse("2026-12-24T00:00Z/2026-12-27T00:00Z").orElseThrow();
  private static final String FROZEN =
      "platform acme is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z; ...)";

  private static Optional<GateState> gate(boolean satisfied, List<String> reasons, boolean frozen, String overrider) {
    return Optional.of(
        new GateState(
            satisfied, reasons, frozen ? Optional.of(CHRISTMAS) : Optional.empty(), Optional.ofNullable(overrider)));
  }

  private static void assertResult(MatchResult result, boolean status, String explanation) {
    assertThat(result.status).isEqualTo(status);
    assertThat(result.explanation).isEqualTo(explanation);
  }

  @Test
  @DisplayName("off platform branches neither operator matches, and both say why")
  void offPlatformBranchesNothingMatches() {
    assertResult(GateExplanations.deployable(Optional.empty()), false, GateExplanations.NOT_A_PLATFORM_BRANCH);
    assertResult(GateExplanations.freezeOverride(Optional.empty()), false, GateExplanations.NOT_A_PLATFORM_BRANCH);
  }

  @Test
  @DisplayName("a change that passes every rule with no freeze is deployable, with nothing to override")
  void deployableWithoutFreeze() {
    Optional<GateState> state = gate(true, List.of(), false, null);

    assertResult(GateExplanations.deployable(state), true, GateExplanations.DEPLOYABLE);
    assertResult(GateExplanations.freezeOverride(state), false, GateExplanations.NO_FREEZE);
  }

  @Test
  @DisplayName("the reasons that block are the explanation, one clause each")
  void blockedExplainsEveryReason() {
    Optional<GateState> state = gate(false, List.of("needs Verified+1", FROZEN), true, null);

    assertResult(GateExplanations.deployable(state), false, "needs Verified+1; " + FROZEN);
    assertResult(GateExplanations.freezeOverride(state), false, "needs Verified+1; " + FROZEN);
  }

  @Test
  @DisplayName("an owner's override makes the change overridden, never deployable")
  void overrideIsNotDeployable() {
    Optional<GateState> state = gate(true, List.of(), true, "alice");

    assertResult(
        GateExplanations.deployable(state), false, "frozen until 2026-12-27T00:00:00Z, lifted by alice's override");
    assertResult(
        GateExplanations.freezeOverride(state), true, "frozen until 2026-12-27T00:00:00Z, lifted by alice's override");
  }

  @Test
  @DisplayName("the override lifts the freeze only: other rules still block")
  void overrideLiftsTheFreezeOnly() {
    Optional<GateState> state = gate(false, List.of("needs Verified+1"), true, "alice");

    assertResult(
        GateExplanations.deployable(state),
        false,
        "needs Verified+1; frozen until 2026-12-27T00:00:00Z, lifted by alice's override");
    assertResult(
        GateExplanations.freezeOverride(state), false, "the override lifts the freeze only; still: needs Verified+1");
  }
}
