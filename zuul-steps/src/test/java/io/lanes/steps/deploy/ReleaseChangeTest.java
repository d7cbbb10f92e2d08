package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("deploy refuses a change of Open edX release: that is an upgrade (pure)")
class ReleaseChangeTest {
  private static Optional<ReleaseRecord> running(String release) {
    return Optional.of(new ReleaseRecord(4, "acme", "c", Optional.empty(), Optional.empty(), "tag", new TreeMap<>(),
        "sha256:m", new TreeMap<>(), Instant.EPOCH, "me", new TreeMap<>(), Optional.empty(), release));
  }

  private static DesiredRelease desired(String release) {
    return DesiredRelease.of("c", "tag", Map.of(), List.of()).withOpenedxRelease(release);
  }

  @Test
  @DisplayName("ulmo running, verawood rendered: exit 2 naming the upgrade step; same release, or either unknown: passes")
  void refusesAReleaseChange() {
    assertThatThrownBy(() -> ReleaseChange.check(running("ulmo"), desired("verawood")))
        .hasMessage("the env deploys Open edX verawood, the namespace runs ulmo (release 4): that is an upgrade, run:"
            + " zuul-steps upgrade --from ulmo (it verifies a fresh backup first); nothing was applied");
    assertThatCode(() -> ReleaseChange.check(running("verawood"), desired("verawood"))).doesNotThrowAnyException();
    assertThatCode(() -> ReleaseChange.check(running(""), desired("verawood"))).doesNotThrowAnyException();
    assertThatCode(() -> ReleaseChange.check(Optional.empty(), desired("verawood"))).doesNotThrowAnyException();
    assertThatCode(() -> ReleaseChange.check(running("ulmo"), desired(""))).doesNotThrowAnyException();
  }
}
