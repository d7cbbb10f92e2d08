package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.tutor.TutorUpgrades;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("UpgradeDecision on the plans the real, pinned Tutor 22 gives for each release before palm (the sample platform: Tutor runs MySQL and MongoDB; and with both outside)")
class UpgradeDecisionOnTutorPlansTest {
  @TempDir static Path dir;
  private static Path internal;
  private static Path external;

  @BeforeAll
  static void projects() {
    internal = RealTutor.sampleProject(dir.resolve("internal"), "openedx-acme");
    external = RealTutor.sampleProject(dir.resolve("external"), "openedx-acme", "RUN_MONGODB: false\nRUN_MYSQL: false\n");
  }

  private static TutorUpgrades.Plan plan(Path project, String from) {
    return TutorUpgrades.plan(project, Map.of("PATH", RealTutor.bin().toString()), from);
  }

  @Test
  @DisplayName("from olive, nutmeg and maple every step runs: the databases are up for each command and task")
  void oliveNutmegMapleRun() {
    for (String from : List.of("olive", "nutmeg", "maple")) {
      assertThatCode(() -> UpgradeDecision.check(plan(internal, from))).as(from).doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("from lilac, Tutor starts the new release's MySQL after deleting it (its data from before olive's hop), and maple's commands need the deleted databases: refused, each named; from koa, juniper and ironwood too, with the databases stopped between their hops")
  void lilacAndEarlierRefused() {
    List<String> lilac = UpgradeDecision.refused(plan(internal, "lilac"));
    assertThat(lilac.get(0)).isEqualTo("Tutor starts the new release's mysql here (kubectl apply --selector"
        + " app.kubernetes.io/name=mysql), but Deployment/mysql is deleted by Tutor's kubectl delete deployments,services"
        + " before it: Lanes creates the new release's objects only in its deploy, after the upgrade's steps");
    assertThat(lilac.get(1)).startsWith("Tutor's command ./manage.py lms migrate user_tours (kubectl exec in lms) needs the"
        + " databases, but Deployment/mysql is deleted");
    assertThat(lilac).anyMatch(l -> l.startsWith("MySQL 8.1.0 (start) runs on the data of Deployment/mysql, which is"
        + " deleted"));
    assertThat(UpgradeDecision.refused(plan(internal, "koa")).get(0)).isEqualTo("Tutor starts the new release's mysql"
        + " here (kubectl apply --selector app.kubernetes.io/name=mysql), but Deployment/mysql is deleted by Tutor's"
        + " kubectl delete deployments,services before it: Lanes creates the new release's objects only in its deploy,"
        + " after the upgrade's steps");
    for (String from : List.of("juniper", "ironwood")) {
      assertThat(UpgradeDecision.refused(plan(internal, from))).as(from).isNotEmpty();
    }
  }

  @Test
  @DisplayName("with MySQL and MongoDB outside (RUN_MYSQL, RUN_MONGODB false), every release back to ironwood runs: lilac's deletion takes no database")
  void externalDatabasesRun() {
    for (String from : List.of("ironwood", "juniper", "koa", "lilac", "maple", "olive")) {
      assertThatCode(() -> UpgradeDecision.check(plan(external, from))).as(from).doesNotThrowAnyException();
    }
  }
}
