package io.lanes.steps.deploy;

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
}
