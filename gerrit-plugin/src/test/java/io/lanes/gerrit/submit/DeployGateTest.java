package io.lanes.gerrit.submit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.config.LanesSettings.GateLabels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeployGateTest {
  private static final PlatformMap MAP =
      PlatformMapReader.read(
              """
              [platform "acme"]
                namespace = openedx-acme
                cluster = prod
                protected = true
                ownerGroup = acme-maintainers
                freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z
              [platform "globex"]
                namespace = openedx-globex
                cluster = prod
                freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z
              [cluster "prod"]
                server = https://10.0.0.10:6443
              """)
          .map();
  private static final Platform ACME = MAP.platform("acme").orElseThrow();
  private static final Platform GLOBEX = MAP.platform("globex").orElseThrow();
  private static final GateLabels LABELS = new GateLabels("CI", "Code-Review", "Emergency");
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Instant FROZEN = Instant.parse("2026-12-25T00:00:00Z");

  @Test
  @DisplayName("the configured verified label needs a +1, and a negative vote blocks even beside a +1")
  void verifiedLabelFromSettings() {
    assertThat(DeployGate.evaluate(GLOBEX, NOW, List.of(new Vote("Verified", 1, "ci", false)), LABELS).reasons())
        .containsExactly("needs CI+1");
    GateState state =
        DeployGate.evaluate(
            GLOBEX, NOW, List.of(new Vote("CI", 1, "ci", false), new Vote("CI", -1, "other-ci", false)), LABELS);
    assertThat(state.satisfied()).isFalse();
    assertThat(state.reasons()).containsExactly("CI-1 by other-ci blocks");
  }

  @Test
  @DisplayName("a protected platform needs +2 from an owner; a non-owner's +2 does not count")
  void protectedNeedsOwner() {
    List<Vote> nonOwner = List.of(new Vote("CI", 1, "ci", false), new Vote("Code-Review", 2, "bob", false));
    assertThat(DeployGate.evaluate(ACME, NOW, nonOwner, LABELS).reasons())
        .containsExactly("needs Code-Review+2 from a member of acme-maintainers (platform acme is protected)");
    List<Vote> owner = List.of(new Vote("CI", 1, "ci", false), new Vote("Code-Review", 2, "alice", true));
    assertThat(DeployGate.evaluate(ACME, NOW, owner, LABELS).satisfied()).isTrue();
  }

  @Test
  @DisplayName("a freeze blocks until an owner overrides; on a platform without ownerGroup, only a project owner")
  void freezeAndOverride() {
    List<Vote> ready = List.of(new Vote("CI", 1, "ci", false), new Vote("Code-Review", 2, "alice", true));
    GateState frozen = DeployGate.evaluate(ACME, FROZEN, ready, LABELS);
    assertThat(frozen.satisfied()).isFalse();
    assertThat(frozen.reasons())
        .containsExactly(
            "platform acme is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Emergency+1 by a member of acme-maintainers lifts it)");

    List<Vote> nonOwnerOverride = new java.util.ArrayList<>(ready);
    nonOwnerOverride.add(new Vote("Emergency", 1, "bob", false));
    assertThat(DeployGate.evaluate(ACME, FROZEN, nonOwnerOverride, LABELS).satisfied()).isFalse();

    List<Vote> ownerOverride = new java.util.ArrayList<>(ready);
    ownerOverride.add(new Vote("Emergency", 1, "alice", true));
    GateState overridden = DeployGate.evaluate(ACME, FROZEN, ownerOverride, LABELS);
    assertThat(overridden.satisfied()).isTrue();
    assertThat(overridden.overriddenBy()).contains("alice");
    assertThat(overridden.freeze()).isPresent();

    GateState anyVoter =
        DeployGate.evaluate(
            GLOBEX,
            FROZEN,
            List.of(new Vote("CI", 1, "ci", false), new Vote("Emergency", 1, "bob", false)),
            LABELS);
    assertThat(anyVoter.satisfied()).isFalse();
    assertThat(anyVoter.reasons())
        .containsExactly(
            "platform globex is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Emergency+1 by a project owner lifts it)");
    assertThat(
            DeployGate.evaluate(
                    GLOBEX,
                    FROZEN,
                    List.of(new Vote("CI", 1, "ci", false), new Vote("Emergency", 1, "admin", true)),
                    LABELS)
                .satisfied())
        .isTrue();
  }
}
