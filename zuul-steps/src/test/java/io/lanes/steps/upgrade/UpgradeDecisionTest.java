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
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UpgradeDecision runs Tutor's tasks, database hops and direct actions it can take, and refuses, each named, other manual steps and whatever needs a database that is down there (pure)")
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
        .hasMessageContaining("upgrade from olive to verawood (olive → palm → quince) needs 2 step(s) Lanes does not"
            + " run; nothing was done:")
        .hasMessageContaining("\n  - Tutor runs kubectl_exec lms directly")
        .hasMessageContaining("\n  - Automatic release upgrade is unsupported in Kubernetes. You should manually upgrade"
            + " your MongoDb cluster to 5.0.26\n");
  }

  private static UpgradeAction exec(String service, String script) {
    return new UpgradeAction("exec", service, script);
  }

  private static UpgradeAction start(String kind, String service) {
    return new UpgradeAction(kind, service, kind.equals("apply")
        ? "kubectl apply --selector app.kubernetes.io/name=" + service : "wait for Deployment/" + service);
  }

  private static UpgradeAction delete(String databases) {
    return new UpgradeAction("delete", "", "kubectl delete deployments,services",
        Map.of("resources", "deployments services", "databases", databases));
  }

  @Test
  @DisplayName("a command after a database's last hop passes (it is started again there); one between two hops of a database, or after lilac's deletion of the databases, is refused naming the step and why, as is Tutor's start of a deleted database and a hop of one")
  void databasesDownRefused() {
    UpgradeAction ora2 = exec("lms", "if stat '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' 2> /dev/null; then\n  mv ...\nfi");
    TutorUpgrades.Plan olive = new TutorUpgrades.Plan("olive", "verawood", List.of("olive", "palm", "quince", "redwood"),
        List.of(start("apply", "lms"), start("wait", "lms"), ora2, HopPlanTest.QUINCE.get(0),
            HopPlanTest.mysql("8.1.0", "start"), HopPlanTest.QUINCE.get(1), WAFFLE));
    assertThatCode(() -> UpgradeDecision.check(olive)).doesNotThrowAnyException();

    TutorUpgrades.Plan between = new TutorUpgrades.Plan("juniper", "verawood", List.of("juniper", "koa"),
        List.of(HopPlanTest.mysql("5.7", "mysql_upgrade"), exec("lms", "./manage.py lms backpopulate_user_tours"),
            HopPlanTest.mysql("8.1.0", "start")));
    assertThat(UpgradeDecision.refused(between)).containsExactly("Tutor's command ./manage.py lms"
        + " backpopulate_user_tours (kubectl exec in lms) needs the databases, but Deployment/mysql is stopped between"
        + " two of its hops (after MySQL 5.7 (mysql_upgrade))");

    TutorUpgrades.Plan lilac = new TutorUpgrades.Plan("lilac", "verawood", List.of("lilac", "maple"),
        List.of(delete("mysql mongodb"), new UpgradeAction("env", "", "tutor config save"), start("apply", "mysql"),
            start("wait", "mysql"), exec("cms", "./manage.py cms backfill_course_tabs"), HopPlanTest.QUINCE.get(0)));
    assertThat(UpgradeDecision.refused(lilac)).containsExactly(
        "Tutor starts the new release's mysql here (kubectl apply --selector app.kubernetes.io/name=mysql), but"
            + " Deployment/mysql is deleted by Tutor's kubectl delete deployments,services before it: Lanes creates the"
            + " new release's objects only in its deploy, after the upgrade's steps",
        "Tutor's command ./manage.py cms backfill_course_tabs (kubectl exec in cms) needs the databases, but"
            + " Deployment/mysql is deleted by Tutor's kubectl delete deployments,services before it and"
            + " Deployment/mongodb is deleted by Tutor's kubectl delete deployments,services before it",
        "MongoDB 5.0.26 (featureCompatibilityVersion 5.0) runs on the data of Deployment/mongodb, which is deleted by"
            + " Tutor's kubectl delete deployments,services before it");
    assertThatThrownBy(() -> UpgradeDecision.check(lilac))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("needs 3 step(s) Lanes does not run; nothing was done:\n  - Tutor starts");
  }

  @Test
  @DisplayName("lilac's deletion passes when Tutor runs no database (they are the operator's); a deletion of other kinds than Deployments and Services is refused")
  void deletion() {
    TutorUpgrades.Plan external = new TutorUpgrades.Plan("lilac", "verawood", List.of("lilac", "maple"),
        List.of(delete(""), start("apply", "lms"), exec("lms", "./manage.py lms migrate user_tours"), WAFFLE));
    assertThatCode(() -> UpgradeDecision.check(external)).doesNotThrowAnyException();

    TutorUpgrades.Plan configMaps = new TutorUpgrades.Plan("lilac", "verawood", List.of("lilac", "maple"),
        List.of(new UpgradeAction("delete", "", "kubectl delete configmaps",
            Map.of("resources", "configmaps", "databases", ""))));
    assertThat(UpgradeDecision.refused(configMaps)).containsExactly(
        "Tutor runs kubectl delete configmaps (Lanes deletes only the platform's Deployments and Services)");
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
