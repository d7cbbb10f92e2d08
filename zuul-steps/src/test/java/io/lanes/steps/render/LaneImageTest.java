package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lane's tag on the platform's untagged images ({@link LaneRewrite#laneImage}) and images that pin nothing. */
class LaneImageTest {
  private static final Platform ACME =
      new Platform(
          "acme", "platform/acme", "openedx-acme", "prod", "localhost:5000", Optional.empty(), false, List.of(),
          List.of(), Optional.empty(), List.of());

  @Test
  @DisplayName("an untagged image of the platform's prefix gets the lane's tag")
  void tagsPlatformImages() {
    assertThat(LaneRewrite.laneImage("localhost:5000/acme/openedx", ACME, "change-1-ps-2"))
        .isEqualTo("localhost:5000/acme/openedx:change-1-ps-2");
  }

  @Test
  @DisplayName("tagged or pinned images, and images from elsewhere, are left as written")
  void leavesOthers() {
    assertThat(LaneRewrite.laneImage("localhost:5000/acme/mysql:8.4.0", ACME, "t")).isEqualTo("localhost:5000/acme/mysql:8.4.0");
    assertThat(LaneRewrite.laneImage("localhost:5000/acme/x@sha256:abc", ACME, "t")).isEqualTo("localhost:5000/acme/x@sha256:abc");
    assertThat(LaneRewrite.laneImage("localhost:5000/globex/openedx", ACME, "t")).isEqualTo("localhost:5000/globex/openedx");
    assertThat(LaneRewrite.laneImage("openedx", ACME, "t")).isEqualTo("openedx");
  }

  @Test
  @DisplayName("retag: the platform's images with the lane's tag get another tag (as if rendered with it); any other reference is left as it is")
  void retag() {
    assertThat(LaneRewrite.retag("localhost:5000/acme/openedx:change-1-ps-2", ACME, "change-1-ps-2", "latest-acme"))
        .isEqualTo("localhost:5000/acme/openedx:latest-acme")
        .isEqualTo(LaneRewrite.laneImage("localhost:5000/acme/openedx", ACME, "latest-acme"));
    assertThat(LaneRewrite.retag("localhost:5000/acme/mysql:8.4.0", ACME, "change-1-ps-2", "t")).isEqualTo("localhost:5000/acme/mysql:8.4.0");
    assertThat(LaneRewrite.retag("localhost:5000/acme/x:change-1-ps-2@sha256:abc", ACME, "change-1-ps-2", "t"))
        .isEqualTo("localhost:5000/acme/x:change-1-ps-2@sha256:abc");
    assertThat(LaneRewrite.retag("localhost:5000/globex/openedx:change-1-ps-2", ACME, "change-1-ps-2", "t"))
        .isEqualTo("localhost:5000/globex/openedx:change-1-ps-2");
  }

  @Test
  @DisplayName("an image with no tag or the latest tag pins nothing; a registry port is no tag")
  void floating() {
    assertThat(Findings.pinsNothing("localhost:5000/acme/openedx")).isTrue();
    assertThat(Findings.pinsNothing("redis:latest")).isTrue();
    assertThat(Findings.pinsNothing("redis:7.2")).isFalse();
    assertThat(Findings.pinsNothing("redis@sha256:abc")).isFalse();
  }
}
