package io.lanes.steps.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.steps.StepException;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DrTargetTest {
  private static PlatformMap map(String acmeCluster) {
    PlatformMapReader.Result result = PlatformMapReader.read("""
        [platform "acme"]
          namespace = openedx-acme
          cluster = %s
        [platform "globex"]
          namespace = openedx-globex
          cluster = lonely
        [cluster "prod"]
          server = https://10.0.0.10:6443
          drCluster = dr
        [cluster "dr"]
          server = https://10.1.0.10:6443
        [cluster "lonely"]
          server = https://10.2.0.10:6443
        """.formatted(acmeCluster));
    assertThat(result.problems()).isEmpty();
    return result.map();
  }

  @Test
  @DisplayName("the DR cluster is the drCluster of the platform's cluster; the map change points the platform at it")
  void drClusterOfThePlatformsCluster() {
    PlatformMap map = map("prod");
    var acme = map.platform("acme").orElseThrow();

    var target = DrTarget.of(map, acme, Optional.empty());

    assertThat(target.cluster().name()).isEqualTo("dr");
    assertThat(target.namespace()).isEqualTo("openedx-acme");
    assertThat(DrTarget.mapChange(acme, target)).hasValue("platform.acme.cluster = dr");
  }

  @Test
  @DisplayName("a map already pointed at the DR cluster keeps it, with no map change left; --to-cluster wins; a"
      + " cluster without a DR cluster, or an unknown one, is exit 2 naming it")
  void pointedAlreadyOrNamedOrNone() {
    PlatformMap pointed = map("dr");
    var acme = pointed.platform("acme").orElseThrow();
    assertThat(DrTarget.of(pointed, acme, Optional.empty()).cluster().name()).isEqualTo("dr");
    assertThat(DrTarget.mapChange(acme, DrTarget.of(pointed, acme, Optional.empty()))).isEmpty();
    assertThat(DrTarget.of(map("prod"), acme, Optional.of("lonely")).cluster().name()).isEqualTo("lonely");

    var globex = pointed.platform("globex").orElseThrow();
    assertThatThrownBy(() -> DrTarget.of(pointed, globex, Optional.empty()))
        .isInstanceOf(StepException.class)
        .satisfies(e -> assertThat(((StepException) e).exitCode()).isEqualTo(2))
        .hasMessageContaining("cluster lonely of platform globex has no drCluster");
    assertThatThrownBy(() -> DrTarget.of(pointed, acme, Optional.of("moon")))
        .hasMessageContaining("--to-cluster moon: no such cluster in the platform map (clusters: prod, dr, lonely)");
  }
}
