package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PromotionPlanTest {
  @Test
  @DisplayName("older patch sets go by digest, the promoted one by name, other changes and release tags stay")
  void plansDeletes() {
    PromotionPlan plan =
        PromotionPlan.of(
            "change-5-ps-",
            "sha256:gated",
            Map.of(
                "change-5-ps-1", "sha256:old",
                "change-5-ps-2", "sha256:gated",
                "change-50-ps-1", "sha256:other",
                "latest-acme", "sha256:gated"));

    assertThat(plan.deleteDigests()).isEqualTo(Map.of("sha256:old", List.of("change-5-ps-1")));
    assertThat(plan.deleteTags()).containsExactly("change-5-ps-2");
  }

  @Test
  @DisplayName("a digest another tag still points at is not deleted")
  void keepsSharedDigest() {
    PromotionPlan plan =
        PromotionPlan.of(
            "change-5-ps-", "sha256:gated", Map.of("change-5-ps-1", "sha256:old", "change-6-ps-1", "sha256:old"));

    assertThat(plan.deleteDigests()).isEmpty();
    assertThat(plan.deleteTags()).isEmpty();
  }
}
