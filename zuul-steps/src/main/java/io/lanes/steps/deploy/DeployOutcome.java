package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deploy (or rollback) did, for the log and the {@code --result} file.
 *
 * @param release the release now live: the one recorded, or the one rolled back to
 * @param recorded whether a new release record was written (false: the same release was live already)
 * @param changes what happened to each object, pruned ones included
 * @param durations milliseconds per step, in order
 * @param warnings things the user should know
 * @param failure why the deploy failed, when it did
 * @param rollback what the rollback after a failure did, when one ran
 */
public record DeployOutcome(
    Optional<ReleaseRecord> release,
    boolean recorded,
    List<ObjectChange> changes,
    Map<String, Long> durations,
    List<String> warnings,
    Optional<String> failure,
    Optional<String> rollback) {

  /** Whether nothing was written: every object unchanged, nothing pruned, no record added. */
  public boolean noChanges() {
    return !recorded && changes.stream().allMatch(c -> c.action() == ObjectChange.Action.UNCHANGED);
  }

  /**
   * A deploy that failed before any rollback could run (nothing to roll back to, or a failure that is not the
   * release's): what was applied before it, so the result says exactly what was written.
   */
  static DeployOutcome failed(List<ObjectChange> applied, List<String> warnings, String failure) {
    return new DeployOutcome(
        Optional.empty(), false, applied, Map.of(), List.copyOf(warnings), Optional.of(failure), Optional.empty());
  }

  /** This outcome with {@code warnings} (the step's own and the deploy's) in place of its own. */
  public DeployOutcome withWarnings(List<String> warnings) {
    return new DeployOutcome(release, recorded, changes, durations, List.copyOf(warnings), failure, rollback);
  }
}
