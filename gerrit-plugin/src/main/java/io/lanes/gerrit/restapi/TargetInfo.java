package io.lanes.gerrit.restapi;

import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.gerrit.submit.GateState;
import java.util.List;

/** The JSON of {@code GET /changes/{change}/revisions/{revision}/lanes~target}: where a patch set goes. */
public class TargetInfo {
  public String platform;
  public String branch;
  public String namespace;
  public String cluster;
  public String registry;
  public String imagePrefix;
  public String imageTag;
  public Boolean frozen;
  public String freeze;
  public String frozenUntil;
  public GateInfo gate;

  static TargetInfo of(Target target, int change, int patchSet, GateState state) {
    TargetInfo info = new TargetInfo();
    info.platform = target.platform().name();
    info.branch = target.platform().branch();
    info.namespace = target.namespace();
    info.cluster = target.cluster().name();
    info.registry = target.platform().registry();
    info.imagePrefix = target.imagePrefix();
    info.imageTag = LaneNames.changeTag(change, patchSet);
    boolean frozen = state.freeze().isPresent() && state.overriddenBy().isEmpty();
    info.frozen = frozen;
    info.freeze = state.freeze().map(Object::toString).orElse(null);
    info.frozenUntil = state.freeze().map(f -> f.end().toString()).orElse(null);
    info.gate = GateInfo.of(state);
    return info;
  }

  /** The {@code Lanes-Deploy} gate for the change's current votes. */
  public static class GateInfo {
    public String name;
    public Boolean satisfied;
    public List<String> reasons;
    public String overriddenBy;

    static GateInfo of(GateState state) {
      GateInfo info = new GateInfo();
      info.name = "Lanes-Deploy";
      info.satisfied = state.satisfied();
      info.reasons = state.reasons().isEmpty() ? null : state.reasons();
      info.overriddenBy = state.overriddenBy().orElse(null);
      return info;
    }
  }
}
