package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("promote against a real docker-registry on real Swift")
class PromoteStepTest extends ImageStepFixture {
  private static final String HEAD = "89abcdef0123456789abcdef0123456789abcdef";

  static RegistryClient registry;

  @BeforeAll
  static void registryClient() {
    registry = new RegistryClient("http://" + registryHost, Duration.ofSeconds(10));
  }

  /** Builds and pushes a new image as change 77's patch set {@code patchset}; returns its digest. */
  private static String gate(String image, int patchset) throws Exception {
    RealImageServices.buildRandomImage(dir, registryHost + "/acme/" + image + ":change-77-ps-" + patchset, 4096);
    StepRun push =
        StepRun.of(
            "push-image", "--config", map.toString(), "--branch", "platform/acme", "--change", "77",
            "--patchset", Integer.toString(patchset), "--docker-host", RealImageServices.dockerHost(),
            "--image", image);
    assertThat(push.exitCode()).as(push.err()).isZero();
    return push.out().strip().substring(push.out().indexOf('@') + 1);
  }

  private static StepRun promote(String image, int patchset, Path result) {
    return StepRun.of(
        "promote", "--config", map.toString(), "--branch", "platform/acme", "--change", "77",
        "--patchset", Integer.toString(patchset), "--revision", HEAD, "--image", image, "--result", result.toString());
  }

  @Test
  @DisplayName("copies the gated manifest by digest to <revision> and latest-<platform>, deletes older patch sets' tags")
  void promotesByDigest() throws Exception {
    String older = gate("promoted", 1);
    String gated = gate("promoted", 2);
    assertThat(older).isNotEqualTo(gated);
    Path result = dir.resolve("promote.json");

    StepRun run = promote("promoted", 2, result);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(registryHost + "/acme/promoted@" + gated + "\n");
    assertThat(registry.manifest("acme/promoted", HEAD).map(ImageManifest::digest)).contains(gated);
    assertThat(registry.manifest("acme/promoted", "latest-acme").map(ImageManifest::digest)).contains(gated);
    assertThat(registry.manifest("acme/promoted", "change-77-ps-1")).as("the older patch set's tag").isEmpty();
    assertThat(registry.manifest("acme/promoted", older)).as("the older patch set's manifest").isEmpty();

    JsonNode promoted = new ObjectMapper().readTree(result.toFile());
    JsonNode image = promoted.path("lanes").path("promoted").get(0);
    assertThat(image.path("digest").asText()).isEqualTo(gated);
    assertThat(image.path("deleted_tags").toString()).isEqualTo("[\"change-77-ps-1\"]");
    // distribution 2.8 deletes manifests by digest only: the gated tag shares the release tags' digest, so it stays
    assertThat(image.path("kept_tags").toString()).isEqualTo("[\"change-77-ps-2\"]");
    assertThat(promoted.path("zuul").path("warnings").get(0).asText())
        .isEqualTo(registryHost + "/acme/promoted:change-77-ps-2 kept: it points at the promoted digest and the"
            + " registry deletes manifests by digest only (deleting it would delete the release tags too)");
  }

  @Test
  @DisplayName("promoting again converges: same digest, nothing else deleted")
  void promoteTwice() throws Exception {
    String gated = gate("twice", 1);
    assertThat(promote("twice", 1, dir.resolve("first.json")).exitCode()).isZero();

    StepRun again = promote("twice", 1, dir.resolve("again.json"));

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(registry.manifest("acme/twice", "latest-acme").map(ImageManifest::digest)).contains(gated);
    assertThat(registry.manifest("acme/twice", "change-77-ps-1").map(ImageManifest::digest)).contains(gated);
  }

  @Test
  @DisplayName("a change that was never gated fails loudly (exit 1) naming the change, and tags nothing")
  void neverGated() {
    Path result = dir.resolve("never.json");

    StepRun run = promote("never-gated", 9, result);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("no gated image for change 77: " + registryHost + "/acme/never-gated:change-77-ps-9 is not in the"
            + " registry http://" + registryHost + " (the gate's push-image did not run for this patch set?)\n");
    assertThat(registry.manifest("acme/never-gated", "latest-acme")).isEqualTo(Optional.empty());
    assertThat(result).doesNotExist();
  }

  @Test
  @DisplayName("a revision that is not a full SHA-1 is a configuration error")
  void badRevision() {
    StepRun run =
        StepRun.of(
            "promote", "--config", map.toString(), "--branch", "platform/acme", "--change", "77", "--patchset", "1",
            "--revision", "main", "--image", "openedx");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("--revision: not a full commit SHA-1: main\n");
  }
}
