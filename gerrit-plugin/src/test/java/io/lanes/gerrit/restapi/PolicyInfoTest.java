package io.lanes.gerrit.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolicyInfoTest {
  @Test
  @DisplayName("a violation line gives its file, its line and its message")
  void violationLineIsLocated() {
    PolicyInfo.ProblemInfo problem =
        PolicyInfo.ProblemInfo.of(
            "env/k8s/apps.yml:12: Deployment/lms: container \"lms\" image \"redis:7\" is not allowed");

    assertThat(problem.file).isEqualTo("env/k8s/apps.yml");
    assertThat(problem.line).isEqualTo(12);
    assertThat(problem.message).isEqualTo("Deployment/lms: container \"lms\" image \"redis:7\" is not allowed");
    assertThat(problem.text).startsWith("env/k8s/apps.yml:12: ");
  }

  @Test
  @DisplayName("a problem without a place is a message alone")
  void problemWithoutPlaceIsAMessage() {
    PolicyInfo.ProblemInfo problem =
        PolicyInfo.ProblemInfo.of("lanes.config in refs/meta/config is invalid: fix it before submitting");

    assertThat(problem.file).isNull();
    assertThat(problem.line).isNull();
    assertThat(problem.message).isEqualTo(problem.text);
  }
}
