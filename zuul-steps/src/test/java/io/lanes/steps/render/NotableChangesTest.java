package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotableChangesTest {
  private static Map<String, Object> deployment(int replicas, String image, String memory) {
    return Map.of(
        "spec",
        Map.of(
            "replicas", replicas,
            "template",
            Map.of(
                "spec",
                Map.of(
                    "containers",
                    List.of(
                        Map.of("name", "lms", "image", image, "resources", Map.of("limits", Map.of("memory", memory))))))));
  }

  @Test
  @DisplayName("replicas, a container's image and its resources are notable, in words")
  void describesNotableChanges() {
    assertThat(
            NotableChanges.between(
                "Deployment", deployment(1, "r/acme/openedx:change-1-ps-1", "1Gi"), deployment(2, "r/acme/openedx:change-2-ps-1", "2Gi")))
        .containsExactly(
            new NotableChanges.FieldNote("replicas", "replicas 1 → 2"),
            new NotableChanges.FieldNote("containers.lms.image",
                "image of container lms: r/acme/openedx:change-1-ps-1 → r/acme/openedx:change-2-ps-1"),
            new NotableChanges.FieldNote("containers.lms.resources",
                "resources of container lms: {limits={memory=1Gi}} → {limits={memory=2Gi}}"));
  }

  @Test
  @DisplayName("an object whose notable fields are the same has no notable change")
  void nothingNotable() {
    assertThat(NotableChanges.between("Deployment", deployment(1, "a:1", "1Gi"), deployment(1, "a:1", "1Gi"))).isEmpty();
  }
}
