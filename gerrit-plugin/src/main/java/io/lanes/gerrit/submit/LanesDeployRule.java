package io.lanes.gerrit.submit;

import com.google.gerrit.entities.LegacySubmitRequirement;
import com.google.gerrit.entities.SubmitRecord;
import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.gerrit.server.rules.SubmitRule;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.LanesConfig;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.InvalidMap;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import io.lanes.gerrit.config.PlatformMaps;
import java.util.List;
import java.util.Optional;

/**
 * The submit requirement {@code Lanes-Deploy} on platform branches. Not applicable elsewhere, never on {@code
 * refs/meta/config}: nobody can lock themselves out of fixing the map. Each reason it is unsatisfied is a legacy
 * submit requirement whose text names the rule that blocks.
 */
@Singleton
public class LanesDeployRule implements SubmitRule {
  /** The submit requirement's name. */
  public static final String NAME = "Lanes-Deploy";

  private final PlatformMaps platformMaps;
  private final ChangeGate changeGate;

  @Inject
  LanesDeployRule(PlatformMaps platformMaps, ChangeGate changeGate) {
    this.platformMaps = platformMaps;
    this.changeGate = changeGate;
  }

  @Override
  public Optional<SubmitRecord> evaluate(ChangeData change) {
    PlatformMapSnapshot map;
    try {
      map = platformMaps.snapshot(change.project());
    } catch (NoSuchProjectException e) {
      return Optional.empty();
    }
    BranchLane lane = map.lane(change.change().getDest().branch());
    SubmitRecord record = new SubmitRecord();
    record.ruleName = NAME;
    switch (lane.kind()) {
      case MAP, NONE -> {
        return Optional.empty();
      }
      case UNKNOWN_PLATFORM -> notReady(record, List.of("branch is under platform/ but no platform maps it"));
      case NO_PLATFORMS ->
          notReady(record, List.of(LanesConfig.FILE_NAME + " in refs/meta/config maps no platform: platform/ branches are closed"));
      case INVALID_MAP -> notReady(record, InvalidMap.gateReasons(map.problems()));
      case PLATFORM -> {
        GateState state = changeGate.evaluate(change, lane.target().orElseThrow().platform());
        if (state.satisfied()) {
          record.status = SubmitRecord.Status.OK;
        } else {
          notReady(record, state.reasons());
        }
      }
    }
    return Optional.of(record);
  }

  private static void notReady(SubmitRecord record, List<String> reasons) {
    record.status = SubmitRecord.Status.NOT_READY;
    record.requirements =
        reasons.stream()
            .map(r -> LegacySubmitRequirement.builder().setType("lanes_deploy").setFallbackText(r).build())
            .toList();
  }
}
