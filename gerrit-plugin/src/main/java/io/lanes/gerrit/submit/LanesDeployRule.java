package io.lanes.gerrit.submit;

import com.google.gerrit.entities.LegacySubmitRequirement;
import com.google.gerrit.entities.SubmitRecord;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.gerrit.server.rules.SubmitRule;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.LanesSettings;
import java.util.Optional;

/**
 * The legacy form of {@code Lanes-Deploy}, a {@link SubmitRule}, for a Gerrit whose projects cannot hold the
 * {@code [submit-requirement]} on {@code has:deployable_lanes}: off unless {@code plugin.lanes.legacySubmitRule} is
 * true. Not applicable off platform branches, never on {@code refs/meta/config}. Each reason it is unsatisfied is a
 * legacy submit requirement whose text names the rule that blocks. An owner's override counts here as satisfied.
 */
@Singleton
public class LanesDeployRule implements SubmitRule {
  /** The submit requirement's name. */
  public static final String NAME = "Lanes-Deploy";

  private final ChangeGate changeGate;
  private final LanesSettings settings;

  @Inject
  LanesDeployRule(ChangeGate changeGate, LanesSettings settings) {
    this.changeGate = changeGate;
    this.settings = settings;
  }

  @Override
  public Optional<SubmitRecord> evaluate(ChangeData change) {
    if (!settings.legacySubmitRule()) {
      return Optional.empty();
    }
    return changeGate.evaluate(change).map(LanesDeployRule::record);
  }

  private static SubmitRecord record(GateState state) {
    SubmitRecord record = new SubmitRecord();
    record.ruleName = NAME;
    if (state.satisfied()) {
      record.status = SubmitRecord.Status.OK;
    } else {
      record.status = SubmitRecord.Status.NOT_READY;
      record.requirements =
          state.reasons().stream()
              .map(r -> LegacySubmitRequirement.builder().setType("lanes_deploy").setFallbackText(r).build())
              .toList();
    }
    return record;
  }
}
