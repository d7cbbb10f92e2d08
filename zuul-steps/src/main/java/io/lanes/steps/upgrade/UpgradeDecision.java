package io.lanes.steps.upgrade;

import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.util.List;

/**
 * Whether Lanes can run an upgrade Tutor plans ({@link TutorUpgrades.Plan}): Tutor's tasks and its MongoDB and MySQL
 * major-version hops run (as Jobs, {@link HopPlan}); a hop where Tutor acts directly on the cluster (the hops before
 * Palm: kubectl apply/exec/delete) or prints other manual instructions is refused, each named with Tutor's own words.
 * Pure.
 */
public final class UpgradeDecision {
  private UpgradeDecision() {}

  /**
   * @throws StepException exit 2: nothing to upgrade ({@code from} is the release Tutor deploys, or after it), or a
   *     step Lanes cannot take (listed, each with Tutor's instructions' first lines)
   */
  public static void check(TutorUpgrades.Plan plan) {
    if (plan.from().equals(plan.to())) {
      throw StepException.configuration("--from " + plan.from() + ": the pinned Tutor deploys " + plan.to()
          + " already: nothing to upgrade (run deploy)");
    }
    if (plan.releases().size() < 2) {
      throw StepException.configuration("--from " + plan.from() + ": not before " + plan.to()
          + ", the release the pinned Tutor deploys (a downgrade is a rollback and a restore)");
    }
    List<UpgradeAction> blocking = plan.blocking();
    if (!blocking.isEmpty()) {
      StringBuilder message = new StringBuilder("upgrade from " + plan.from() + " to " + plan.to() + " ("
          + String.join(" → ", plan.releases()) + ") needs " + blocking.size()
          + " step(s) Tutor does not automate on Kubernetes; Lanes does not run them either, nothing was done:");
      for (UpgradeAction action : blocking) {
        message.append("\n  - ").append(summary(action));
      }
      message.append("\nDo them by hand (Tutor's instructions: tutor k8s upgrade --from ").append(plan.from())
          .append("), then deploy; or upgrade from a later release.");
      throw StepException.configuration(message.toString());
    }
  }

  /** One line for a blocking action: Tutor's message up to its instructions, or the direct action. */
  static String summary(UpgradeAction action) {
    if (action.kind().equals("unsupported")) {
      return "Tutor runs " + action.text() + " directly";
    }
    String text = action.text().replaceAll("\\s+", " ");
    int colon = text.indexOf(" by running");
    return colon > 0 ? text.substring(0, colon) : text;
  }
}
