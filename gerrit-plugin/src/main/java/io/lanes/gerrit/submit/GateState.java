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
}
