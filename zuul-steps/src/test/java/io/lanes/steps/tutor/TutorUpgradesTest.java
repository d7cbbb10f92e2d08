package io.lanes.steps.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.testing.RealTutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TutorUpgrades reads what tutor k8s upgrade --from does from the real, pinned Tutor 22")
class TutorUpgradesTest {
  @TempDir static Path dir;
  private static Path project;

  @BeforeAll
  static void project() {
    project = RealTutor.sampleProject(dir.resolve("platform"), "openedx-acme");
  }

  private static TutorUpgrades.Plan plan(String from) {
    return TutorUpgrades.plan(project, Map.of("PATH", RealTutor.bin().toString()), from);
  }

  @Test
  @DisplayName("from ulmo: nothing but Tutor's release hop; from redwood: the learning MFE's waffle flag task in lms (the mfe plugin is on) and a message")
  void tasksFromTutor() {
    TutorUpgrades.Plan ulmo = plan("ulmo");
    assertThat(ulmo.releases()).containsExactly("ulmo", "verawood");
    assertThat(ulmo.actions()).isEmpty();

    TutorUpgrades.Plan redwood = plan("redwood");
    assertThat(redwood.to()).isEqualTo("verawood");
    assertThat(redwood.tasks()).extracting(UpgradeAction::service, UpgradeAction::text).containsExactly(
        org.assertj.core.groups.Tuple.tuple("lms", "./manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar"));
    assertThat(redwood.blocking()).isEmpty();
    assertThat(redwood.actions()).anyMatch(a -> a.kind().equals("message") && a.text().contains("utf8mb4")
        || a.kind().equals("message") && a.text().contains("character set"));
  }

  private static List<String> hops(TutorUpgrades.Plan plan) {
    return plan.hops().stream().map(a -> a.kind() + " " + a.detail("version")
        + (a.kind().equals("mongodb") ? " fcv " + a.detail("fcv") + " " + a.detail("binary") + " " + a.detail("command")
            : " " + a.detail("script") + " " + a.detail("user"))).toList();
  }

  private static final String IRONWOOD = "mongodb 3.4.24 fcv 3.4 mongo {\"setFeatureCompatibilityVersion\": \"3.4\"}";
  private static final String IRONWOOD_2 = "mongodb 3.6.18 fcv 3.6 mongo {\"setFeatureCompatibilityVersion\": \"3.6\"}";
  private static final String JUNIPER = "mysql 5.7 mysql_upgrade root";
  private static final String KOA = "mongodb 4.0.25 fcv 4.0 mongo {\"setFeatureCompatibilityVersion\": \"4.0\"}";
  private static final String OLIVE = "mongodb 4.2.17 fcv 4.2 mongo {\"setFeatureCompatibilityVersion\": \"4.2\"}";
  private static final String OLIVE_2 = "mongodb 4.4.22 fcv 4.4 mongo {\"setFeatureCompatibilityVersion\": \"4.4\"}";
  private static final String OLIVE_MYSQL = "mysql 8.1.0 start root";
  private static final String QUINCE = "mongodb 5.0.26 fcv 5.0 mongo {\"setFeatureCompatibilityVersion\": \"5.0\"}";
  private static final String QUINCE_2 = "mongodb 6.0.14 fcv 6.0 mongosh {\"setFeatureCompatibilityVersion\": \"6.0\"}";
  private static final String QUINCE_3 =
      "mongodb 7.0.28 fcv 7.0 mongosh {\"setFeatureCompatibilityVersion\": \"7.0\", \"confirm\": 1}";

  @Test
  @DisplayName("the database hops for each from-release, in Tutor's order, as Tutor 22.0.3's table says (docs/steps/upgrade.md)")
  void hopsPerRelease() {
    assertThat(hops(plan("ironwood"))).containsExactly(IRONWOOD, IRONWOOD_2, JUNIPER, KOA, OLIVE, OLIVE_2, OLIVE_MYSQL,
        QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("juniper"))).containsExactly(JUNIPER, KOA, OLIVE, OLIVE_2, OLIVE_MYSQL, QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("koa"))).containsExactly(KOA, OLIVE, OLIVE_2, OLIVE_MYSQL, QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("lilac"))).containsExactly(OLIVE, OLIVE_2, OLIVE_MYSQL, QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("olive"))).containsExactly(OLIVE, OLIVE_2, OLIVE_MYSQL, QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("palm"))).containsExactly(QUINCE, QUINCE_2, QUINCE_3);
    assertThat(hops(plan("quince"))).containsExactly(QUINCE, QUINCE_2, QUINCE_3);
    for (String none : List.of("redwood", "sumac", "teak", "ulmo")) {
      assertThat(hops(plan(none))).as(none).isEmpty();
    }
    // from quince on, nothing is refused any more: the hops are Lanes' to run
    assertThat(plan("quince").blocking()).isEmpty();
    assertThat(plan("palm").blocking()).isEmpty();
    // nor, as actions Tutor takes, from olive on (Lanes decides about them: UpgradeDecision)
    assertThat(plan("olive").blocking()).isEmpty();
    // in Tutor's order: the hops before the redwood task
    TutorUpgrades.Plan quince = plan("quince");
    assertThat(quince.actions().indexOf(quince.tasks().get(0))).isGreaterThan(quince.actions().indexOf(quince.hops().get(2)));
  }

  @Test
  @DisplayName("Tutor's direct actions, structured in Tutor's order: olive's apply, wait and exec in lms (the ora2 rename); maple's env save, its start of mysql, its commands in lms and cms; lilac's deletion of Deployments and Services, with the databases Tutor runs")
  void directActions() {
    List<String> olive = plan("olive").actions().stream().limit(3)
        .map(a -> a.kind() + " " + a.service() + " " + a.text().lines().findFirst().orElse("")).toList();
    assertThat(olive).containsExactly("apply lms kubectl apply --selector app.kubernetes.io/name=lms",
        "wait lms wait for Deployment/lms",
        "exec lms if stat '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' 2> /dev/null; then");
    assertThat(plan("olive").execs().get(0).text()).contains(
        "mv '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' /openedx/data/ora2/openedxuploads");

    TutorUpgrades.Plan lilac = plan("lilac");
    UpgradeAction delete = lilac.actions().stream().filter(UpgradeAction::delete).findFirst().orElseThrow();
    assertThat(delete.text()).isEqualTo("kubectl delete deployments,services");
    assertThat(delete.details()).containsEntry("resources", "deployments services").containsEntry("databases", "mysql mongodb");
    List<UpgradeAction> maple = lilac.actions().subList(lilac.actions().indexOf(delete) + 1, lilac.actions().size());
    assertThat(maple.stream().filter(a -> !a.kind().equals("message")).limit(4).map(a -> a.kind() + " " + a.service()))
        .containsExactly("env ", "apply mysql", "wait mysql", "apply lms");
    assertThat(lilac.execs()).extracting(UpgradeAction::service, UpgradeAction::text).startsWith(
        org.assertj.core.groups.Tuple.tuple("lms", "./manage.py lms migrate user_tours"),
        org.assertj.core.groups.Tuple.tuple("lms", "./manage.py lms backpopulate_user_tours"),
        org.assertj.core.groups.Tuple.tuple("cms", "./manage.py cms migrate contentstore"));
    assertThat(lilac.execs()).hasSize(8);
    assertThat(lilac.blocking()).isEmpty();
  }

  @Test
  @DisplayName("RUN_MONGODB: false and RUN_MYSQL: false: no hop, Tutor's words that the database is the operator's to upgrade")
  void externalDatabases() throws Exception {
    Path external = RealTutor.sampleProject(dir.resolve("external"), "openedx-acme");
    Files.writeString(external.resolve("config.yml"), Files.readString(external.resolve("config.yml"))
        + "RUN_MONGODB: false\nRUN_MYSQL: false\n");

    TutorUpgrades.Plan plan = TutorUpgrades.plan(external, Map.of("PATH", RealTutor.bin().toString()), "olive");

    assertThat(plan.hops()).isEmpty();
    TutorUpgrades.Plan lilac = TutorUpgrades.plan(external, Map.of("PATH", RealTutor.bin().toString()), "lilac");
    assertThat(lilac.actions()).filteredOn(UpgradeAction::delete).singleElement()
        .satisfies(d -> assertThat(d.detail("databases")).isEmpty());
    assertThat(lilac.actions()).noneMatch(a -> a.kind().equals("apply") && a.service().equals("mysql"));
    assertThat(plan.external()).extracting(UpgradeAction::service).containsExactly("mongodb", "mongodb", "mysql",
        "mongodb", "mongodb", "mongodb");
    assertThat(plan.external()).extracting(UpgradeAction::text)
        .contains("You are not running MongoDB (RUN_MONGODB=false). It is your responsibility to upgrade your MongoDb"
            + " instance to 7.0.28.")
        .contains("You are not running MySQL (RUN_MYSQL=false). It is your responsibility to upgrade your MySQL"
            + " instance to v8.4.");
  }

  @Test
  @DisplayName("a release Tutor does not know is exit 2, listing those it knows")
  void unknownRelease() {
    assertThatThrownBy(() -> plan("wisteria"))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("--from wisteria: not an Open edX release Tutor knows (ironwood, juniper,")
        .hasMessageContaining("ulmo, verawood)");
  }
}
