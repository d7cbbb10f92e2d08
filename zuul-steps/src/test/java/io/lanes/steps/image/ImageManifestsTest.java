package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImageManifestsTest {
  private static final String CONFIG = "sha256:" + "c".repeat(64);
  private static final String BASE = "sha256:" + "a".repeat(64);
  private static final String TOP = "sha256:" + "b".repeat(64);

  private static ImageManifest pushed() {
    return ImageManifests.imageManifest(
        new ImageManifests.Blob(CONFIG, 1198),
        List.of(new ImageManifests.Blob(BASE, 3 << 20), new ImageManifests.Blob(TOP, 4608)));
  }

  @Test
  @DisplayName("the manifest Lanes pushed for an image is recognised from the image's config digest and diff IDs")
  void recognisesOwnManifest() {
    assertThat(ImageManifests.isManifestOf(pushed(), CONFIG, List.of(BASE, TOP))).isTrue();
  }

  @Test
  @DisplayName("another config, other layers, or the same layers in another order are another image")
  void otherImages() {
    assertThat(ImageManifests.isManifestOf(pushed(), "sha256:" + "d".repeat(64), List.of(BASE, TOP))).isFalse();
    assertThat(ImageManifests.isManifestOf(pushed(), CONFIG, List.of(TOP, BASE))).isFalse();
    assertThat(ImageManifests.isManifestOf(pushed(), CONFIG, List.of(BASE))).isFalse();
  }

  @Test
  @DisplayName("a manifest of the same digests in another shape (gzip layers, another media type) is pushed again")
  void otherShapes() {
    String gzip =
        pushed().text().replace(ImageManifests.LAYER + "\"", ImageManifests.LAYER + "+gzip\"");
    ImageManifest gzipped = ImageManifest.of(gzip.getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_MANIFEST);
    ImageManifest docker = ImageManifest.of(pushed().bytes(), RegistryClient.DOCKER_MANIFEST);
    ImageManifest notJson = ImageManifest.of("<html>".getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_MANIFEST);

    assertThat(ImageManifests.isManifestOf(gzipped, CONFIG, List.of(BASE, TOP))).isFalse();
    assertThat(ImageManifests.isManifestOf(docker, CONFIG, List.of(BASE, TOP))).isFalse();
    assertThat(ImageManifests.isManifestOf(notJson, CONFIG, List.of(BASE, TOP))).isFalse();
  }
}
