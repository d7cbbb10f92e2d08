package io.lanes.gerrit.submit;

import io.lanes.core.config.FreezeInterval;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code Lanes-Deploy} gate decided for a change.
 *
 * @param satisfied whether the change may be submitted
 * @param reasons why not, one line each, naming the rule that blocks; empty when satisfied
 * @param freeze the freeze that covers now, if any (lifted or not)
 * @param overriddenBy who lifted the freeze with the override label, if anyone
 */
public record GateState(
    boolean satisfied, List<String> reasons, Optional<FreezeInterval> freeze, Optional<String> overriddenBy) {
  public GateState {
    reasons = List.copyOf(reasons);
  }

  /**
   * Whether the change deploys as it stands, without any override: satisfied, and no freeze covers now. What {@code
   * has:deployable_lanes} (the requirement's {@code submittableIf}) matches.
   */
  public boolean deployable() {
    return satisfied && freeze.isEmpty();
  }

  /**
   * Whether the change is submittable only because an owner lifted the active freeze: every other rule passes. What
   * {@code has:freeze-override_lanes} (the requirement's {@code overrideIf}) matches.
   */
  public boolean overridden() {
    return satisfied && overriddenBy.isPresent();
  }
}
