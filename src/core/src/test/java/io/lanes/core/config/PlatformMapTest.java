package io.lanes.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.naming.LaneNames;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlatformMapTest {
  private final PlatformMap map =
      read(
          """
          [platform "acme"]
            namespace = openedx-acme
            cluster = prod
            freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z
            backup = nightly
          [platform "globex"]
            branch = platform/globex-live
            namespace = openedx-globex
            cluster = prod
            registry = registry.example.org
          [cluster "prod"]
            server = https://10.0.0.10:6443
          [backup "nightly"]
            endpoint = http://127.0.0.1:8082
            bucket = openedx-backups
            credentialSecret = backup-s3
          """);

  @Test
  @DisplayName("a branch resolves to its platform, with or without refs/heads/")
  void branchResolvesToPlatform() {
    assertThat(map.platformForBranch("platform/acme")).map(Platform::name).contains("acme");
    assertThat(map.platformForBranch("refs/heads/platform/globex-live")).map(Platform::name).contains("globex");
    assertThat(map.platformForBranch("platform/globex")).isEmpty();
    assertThat(map.platformForBranch("main")).isEmpty();
  }

  @Test
  @DisplayName("a platform's target names its namespace, cluster, image prefix and backup")
  void targetOfPlatform() {
    Target acme = map.target(map.platform("acme").orElseThrow());
    Target globex = map.target(map.platform("globex").orElseThrow());

    assertThat(acme.namespace()).isEqualTo("openedx-acme");
    assertThat(acme.cluster().server()).isEqualTo("https://10.0.0.10:6443");
    assertThat(acme.imagePrefix()).isEqualTo("localhost:5000/acme");
    assertThat(acme.backup()).map(Backup::bucket).contains("openedx-backups");
    assertThat(globex.imagePrefix()).isEqualTo("registry.example.org/globex");
    assertThat(globex.backup()).isEmpty();
  }

  @Test
  @DisplayName("a freeze covers its start and not its end")
  void freezeWindow() {
    Platform acme = map.platform("acme").orElseThrow();

    assertThat(acme.freezeAt(Instant.parse("2026-12-23T23:59:59Z"))).isEmpty();
    assertThat(acme.freezeAt(Instant.parse("2026-12-24T00:00:00Z"))).isPresent();
    assertThat(acme.freezeAt(Instant.parse("2026-12-26T23:59:59Z"))).isPresent();
    assertThat(acme.freezeAt(Instant.parse("2026-12-27T00:00:00Z"))).isEmpty();
  }

  @Test
  @DisplayName("known platforms are listed for messages")
  void platformNames() {
    assertThat(map.platformNames()).isEqualTo("acme, globex");
    assertThat(PlatformMap.empty().platformNames()).isEqualTo("none");
  }

  @Test
  @DisplayName("image names and labels derive from the platform")
  void namesAndLabels() {
    Platform acme = map.platform("acme").orElseThrow();

    assertThat(LaneNames.changeTag(12, 3)).isEqualTo("change-12-ps-3");
    assertThat(LaneNames.imageReference(acme, "openedx", LaneNames.changeTag(12, 3)))
        .hasToString("localhost:5000/acme/openedx:change-12-ps-3");
    assertThat(LaneNames.latestTag(acme)).isEqualTo("latest-acme");
    assertThat(LaneNames.labels(acme, "abc123"))
        .containsExactly(
            java.util.Map.entry("app.kubernetes.io/managed-by", "lanes"),
            java.util.Map.entry("lanes.io/platform", "acme"),
            java.util.Map.entry("lanes.io/revision", "abc123"));
  }

  private static PlatformMap read(String text) {
    try {
      return PlatformMapReader.read(text).orThrow();
    } catch (InvalidPlatformMapException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
