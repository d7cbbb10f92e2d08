package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UpgradeDecision runs Tutor's tasks and database hops, and refuses what Tutor does directly on the cluster or leaves to other manual steps (pure)")
class UpgradeDecisionTest {
  private static final UpgradeAction WAFFLE = new UpgradeAction("task", "lms",
      "./manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar");
  private static final UpgradeAction MONGO = new UpgradeAction("manual", "", """
      Automatic release upgrade is unsupported in Kubernetes. You should manually upgrade
      your MongoDb cluster to 5.0.26 by running something similar to:

          tutor k8s stop""");

  @Test
  @DisplayName("a plan of tasks and messages passes; its tasks become init tasks of upgrade-from-<release>, in order")
  void tasksPass() {
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("redwood", "verawood",
        List.of("redwood", "sumac", "teak", "ulmo", "verawood"),
        List.of(WAFFLE, new UpgradeAction("message", "", "It is recommended to upgrade your character set")));

    assertThatCode(() -> UpgradeDecision.check(plan)).doesNotThrowAnyException();
    List<InitTask> tasks = Upgrader.tasks(plan);
    assertThat(tasks).extracting(InitTask::order, InitTask::app, InitTask::service)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "upgrade-from-redwood", "lms"));
    assertThat(tasks.get(0).scriptSha256()).hasSize(64);
  }

  @Test
  @DisplayName("MongoDB and MySQL hops and a hop of a database Tutor does not run (a warning) pass")
  void hopsPass() {
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("quince", "verawood", List.of("quince", "redwood"),
        List.of(HopPlanTest.QUINCE.get(0), HopPlanTest.mysql("8.1.0", "start"),
            new UpgradeAction("external", "mysql", "You are not running MySQL (RUN_MYSQL=false).")));

    assertThatCode(() -> UpgradeDecision.check(plan)).doesNotThrowAnyException();
    assertThat(plan.hops()).hasSize(2);
    assertThat(plan.external()).hasSize(1);
    assertThat(plan.blocking()).isEmpty();
  }

  @Test
  @DisplayName("a manual MongoDB hop or a direct kubectl action is refused, exit 2, each named in Tutor's words")
  void manualStepsRefused() {
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("olive", "verawood", List.of("olive", "palm", "quince"),
        List.of(new UpgradeAction("unsupported", "", "kubectl_exec lms"), MONGO));

    assertThatThrownBy(() -> UpgradeDecision.check(plan))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("upgrade from olive to verawood (olive → palm → quince) needs 2 step(s) Tutor does not"
            + " automate on Kubernetes")
        .hasMessageContaining("\n  - Tutor runs kubectl_exec lms directly")
        .hasMessageContaining("\n  - Automatic release upgrade is unsupported in Kubernetes. You should manually upgrade"
            + " your MongoDb cluster to 5.0.26\n");
  }

  @Test
  @DisplayName("from the release Tutor deploys, or a later one, there is nothing to upgrade: exit 2")
  void nothingToUpgrade() {
    assertThatThrownBy(() -> UpgradeDecision.check(new TutorUpgrades.Plan("verawood", "verawood", List.of("verawood"), List.of())))
        .hasMessageContaining("--from verawood: the pinned Tutor deploys verawood already");
    assertThatThrownBy(() -> UpgradeDecision.check(new TutorUpgrades.Plan("wisteria", "verawood", List.of(), List.of())))
        .hasMessageContaining("--from wisteria: not before verawood");
  }
}
