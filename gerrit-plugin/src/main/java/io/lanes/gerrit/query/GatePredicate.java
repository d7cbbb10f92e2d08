package io.lanes.gerrit.query;

import com.google.gerrit.index.query.MatchResult;
import com.google.gerrit.index.query.PostFilterPredicate;
import com.google.gerrit.server.query.change.ChangeData;
import io.lanes.gerrit.submit.ChangeGate;
import io.lanes.gerrit.submit.GateState;
import java.util.Optional;
import java.util.function.Function;

/**
 * A search operator on the {@code Lanes-Deploy} decision ({@code has:deployable_lanes}, {@code
 * has:freeze-override_lanes}): matches by the change's {@link GateState} and explains the result, which Gerrit shows in
 * the change's submit requirement ({@code atom_explanations}), so that a reviewer reads why it is unsatisfied.
 */
final class GatePredicate extends PostFilterPredicate<ChangeData> {
  private final ChangeGate gate;
  private final Function<Optional<GateState>, MatchResult> decision;

  GatePredicate(String operator, String value, ChangeGate gate, Function<Optional<GateState>, MatchResult> decision) {
    super(operator, value);
    this.gate = gate;
    this.decision = decision;
  }

  @Override
  public boolean match(ChangeData change) {
    return matchResult(change).status;
  }

  @Override
  public MatchResult matchResult(ChangeData change) {
    return decision.apply(gate.evaluate(change));
  }

  @Override
  public int getCost() {
    return 2;
  }
}
