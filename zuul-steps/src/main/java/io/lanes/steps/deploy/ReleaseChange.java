package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.StepException;
import java.util.Optional;

/**
 * A deploy that would move a platform to another Open edX release is an upgrade: refused here, with the step to run
 * instead ({@code zuul-steps upgrade --from <release>}, which first verifies a fresh backup). Applies when both the
 * namespace's newest release record and the env say their Open edX release (Tutor's name). Pure.
 */
public final class ReleaseChange {
  private ReleaseChange() {}

  /** @throws StepException exit 2 when {@code desired} deploys another Open edX release than {@code latest} runs */
  public static void check(Optional<ReleaseRecord> latest, DesiredRelease desired) {
    if (latest.isEmpty() || latest.get().openedxRelease().isEmpty() || desired.openedxRelease().isEmpty()) {
      return;
    }
    String running = latest.get().openedxRelease();
    if (!running.equals(desired.openedxRelease())) {
      throw StepException.configuration("the env deploys Open edX " + desired.openedxRelease() + ", the namespace runs "
          + running + " (release " + latest.get().number() + "): that is an upgrade, run: zuul-steps upgrade --from "
          + running + " (it verifies a fresh backup first); nothing was applied");
    }
  }
}
