package io.lanes.gerrit.query;

import com.google.gerrit.index.query.MatchResult;
import io.lanes.gerrit.submit.GateState;
import java.util.Optional;

/**
 * What {@code has:deployable_lanes} and {@code has:freeze-override_lanes} decide, and the one line that explains it,
 * from a {@link GateState} alone (empty: the change's branch is not a platform's branch).
 */
final class GateExplanations {
  static final String NOT_A_PLATFORM_BRANCH = "not on a platform's branch: Lanes deploys nothing from it";
  static final String DEPLOYABLE = "every Lanes-Deploy rule passes and no freeze covers now";
  static final String NO_FREEZE = "no freeze covers now: nothing to override";

  private GateExplanations() {}

  /** {@code has:deployable_lanes}: every rule passes, and no freeze covers now (an override does not count here). */
  static MatchResult deployable(Optional<GateState> state) {
    if (state.isEmpty()) {
      return new MatchResult(false, NOT_A_PLATFORM_BRANCH);
    }
    GateState gate = state.get();
    if (gate.deployable()) {
      return new MatchResult(true, DEPLOYABLE);
    }
    String reasons = String.join("; ", gate.reasons());
    if (gate.overriddenBy().isPresent()) {
      String lifted = frozenUntil(gate) + ", lifted by " + gate.overriddenBy().get() + "'s override";
      return new MatchResult(false, gate.satisfied() ? lifted : reasons + "; " + lifted);
    }
    return new MatchResult(false, reasons);
  }

  /**
   * {@code has:freeze-override_lanes}: a freeze covers now, an owner's override vote lifts it, and every other rule
   * passes (the override lifts the freeze only).
   */
  static MatchResult freezeOverride(Optional<GateState> state) {
    if (state.isEmpty()) {
      return new MatchResult(false, NOT_A_PLATFORM_BRANCH);
    }
    GateState gate = state.get();
    if (gate.freeze().isEmpty()) {
      return new MatchResult(false, NO_FREEZE);
    }
    if (gate.overridden()) {
      return new MatchResult(true, frozenUntil(gate) + ", lifted by " + gate.overriddenBy().get() + "'s override");
    }
    if (gate.overriddenBy().isPresent()) {
      return new MatchResult(
          false, "the override lifts the freeze only; still: " + String.join("; ", gate.reasons()));
    }
    return new MatchResult(false, String.join("; ", gate.reasons()));
  }

  private static String frozenUntil(GateState gate) {
    return "frozen until " + gate.freeze().get().end();
  }
}
