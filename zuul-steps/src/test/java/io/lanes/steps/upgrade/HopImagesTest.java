package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorUpgrades;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HopImages: which database hop images the registry lacks, and the refusal that lists them with the command that mirrors each (pure)")
class HopImagesTest {
  private static List<HopPlan.Hop> quince() {
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("olive", "verawood", List.of("olive", "palm", "quince"),
        List.of(HopPlanTest.QUINCE.get(0), HopPlanTest.mysql("8.1.0", "start"), HopPlanTest.QUINCE.get(1)));
    return HopPlan.of(plan, HopPlanTest.deployments(), "acme", Duration.ofSeconds(90)).hops();
  }

  @Test
  @DisplayName("the hops whose image is missing, in order; the mirror command copies Tutor's image (Docker Hub's official one) to the platform's, without TLS for a plain-HTTP registry")
  void missingAndMirrored() {
    Set<String> present = Set.of("localhost:5000/acme/mongo:5.0.26");

    List<HopPlan.Hop> missing = HopImages.missing(quince(), present::contains);

    assertThat(missing).extracting(HopPlan.Hop::image)
        .containsExactly("localhost:5000/acme/mysql:8.1.0", "localhost:5000/acme/mongo:6.0.14");
    assertThat(HopImages.mirrorCommand(missing.get(0), true)).isEqualTo("skopeo copy --dest-tls-verify=false"
        + " docker://docker.io/library/mysql:8.1.0 docker://localhost:5000/acme/mysql:8.1.0");
    assertThat(HopImages.mirrorCommand(missing.get(1), false)).isEqualTo("skopeo copy"
        + " docker://docker.io/library/mongo:6.0.14 docker://localhost:5000/acme/mongo:6.0.14");
  }

  @Test
  @DisplayName("the refusal is exit 2, one line per missing image with its hop and command, nothing stopped")
  void refusal() {
    List<HopPlan.Hop> hops = quince();

    StepException refusal = HopImages.refusal("olive", HopImages.missing(hops, image -> false), image -> true);

    assertThat(refusal.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(refusal.getMessage())
        .startsWith("upgrade from olive: 3 database hop image(s) not in the registry (the platform mirrors each"
            + " intermediate version it passes); nothing was stopped:\n  - localhost:5000/acme/mongo:5.0.26 (hop 1"
            + " (mongodb-5.0.26, Job/" + hops.get(0).job().getMetadata().getName() + ")): skopeo copy")
        .endsWith("docker://localhost:5000/acme/mongo:6.0.14\nMirror them, then upgrade again.")
        .hasLineCount(5);
  }
}
