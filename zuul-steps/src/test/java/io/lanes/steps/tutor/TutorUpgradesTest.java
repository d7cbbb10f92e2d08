package io.lanes.steps.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.testing.RealTutor;
import java.nio.file.Path;
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

  @Test
  @DisplayName("from quince: Tutor's three MongoDB hops, which it leaves to manual steps on Kubernetes; from olive: direct kubectl actions too")
  void manualHops() {
    assertThat(plan("quince").blocking()).extracting(UpgradeAction::text)
        .allMatch(t -> t.startsWith("Automatic release upgrade is unsupported in Kubernetes"))
        .anyMatch(t -> t.contains("5.0.26")).anyMatch(t -> t.contains("6.0.14")).anyMatch(t -> t.contains("7.0.28"))
        .hasSize(3);
    assertThat(plan("olive").blocking()).extracting(UpgradeAction::kind).contains("unsupported", "manual");
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
