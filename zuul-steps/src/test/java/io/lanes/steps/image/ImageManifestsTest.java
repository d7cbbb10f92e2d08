package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImageManifestsTest {
  private static final String CONFIG = "sha256:" + "c".repeat(64);
  private static final String BASE = "sha256:" + "a".repeat(64);
  private static final String TOP = "sha256:" + "b".repeat(64);
  private static final String BASE_GZ = "sha256:" + "1".repeat(64);
  private static final String TOP_GZ = "sha256:" + "2".repeat(64);

  private static ImageManifest pushed() {
    return ImageManifests.imageManifest(
        new ImageManifests.Blob(CONFIG, 1198),
        List.of(new ImageManifests.Blob(BASE_GZ, 1 << 20), new ImageManifests.Blob(TOP_GZ, 1201)));
  }

  private static ImageManifest withLayerType(String mediaType, String manifestType) {
    String text = pushed().text().replace(ImageManifests.LAYER_GZIP, mediaType);
    return ImageManifest.of(text.getBytes(StandardCharsets.UTF_8), manifestType);
  }

  @Test
  @DisplayName("the pushed manifest names the config and each layer as OCI gzip layers")
  void gzipLayers() {
    assertThat(pushed().text())
        .contains("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG)
        .contains("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + BASE_GZ
            + "\",\"size\":1048576}");
    assertThat(pushed().mediaType()).isEqualTo(RegistryClient.OCI_MANIFEST);
  }

  @Test
  @DisplayName("a manifest of the same config and layer count is the image's, gzip or uncompressed, OCI or Docker")
  void recognisedByConfig() {
    assertThat(ImageManifests.isManifestOf(pushed(), CONFIG, 2)).isTrue();
    assertThat(ImageManifests.isManifestOf(withLayerType(ImageManifests.LAYER, RegistryClient.OCI_MANIFEST), CONFIG, 2))
        .as("uncompressed, as Lanes pushed before").isTrue();
    assertThat(ImageManifests.isManifestOf(
            withLayerType(ImageManifests.DOCKER_LAYER_GZIP, RegistryClient.DOCKER_MANIFEST), CONFIG, 2))
        .as("Docker's gzip, as skopeo may push").isTrue();
  }

  @Test
  @DisplayName("another config, another layer count, an unknown layer type, an index or not JSON is pushed again")
  void otherImages() {
    ImageManifest notJson = ImageManifest.of("<html>".getBytes(StandardCharsets.UTF_8), RegistryClient.OCI_MANIFEST);
    ImageManifest index = ImageManifest.of(pushed().bytes(), RegistryClient.OCI_INDEX);

    assertThat(ImageManifests.isManifestOf(pushed(), "sha256:" + "d".repeat(64), 2)).isFalse();
    assertThat(ImageManifests.isManifestOf(pushed(), CONFIG, 1)).isFalse();
    assertThat(ImageManifests.isManifestOf(
            withLayerType("application/vnd.oci.image.layer.v1.tar+zstd", RegistryClient.OCI_MANIFEST), CONFIG, 2))
        .isFalse();
    assertThat(ImageManifests.isManifestOf(index, CONFIG, 2)).isFalse();
    assertThat(ImageManifests.isManifestOf(notJson, CONFIG, 2)).isFalse();
  }

  @Test
  @DisplayName("gzip layers pair with the config's diff IDs by position; other layer types and a count mismatch give none")
  void gzipLayersByDiffId() {
    assertThat(ImageManifests.gzipLayersByDiffId(pushed(), List.of(BASE, TOP)))
        .isEqualTo(Map.of(BASE, new ImageManifests.Blob(BASE_GZ, 1 << 20), TOP, new ImageManifests.Blob(TOP_GZ, 1201)));
    assertThat(ImageManifests.gzipLayersByDiffId(
            withLayerType(ImageManifests.LAYER, RegistryClient.OCI_MANIFEST), List.of(BASE, TOP)))
        .isEmpty();
    assertThat(ImageManifests.gzipLayersByDiffId(pushed(), List.of(BASE))).isEmpty();
  }

  @Test
  @DisplayName("a config's rootfs.diff_ids are read in order; a config that is not JSON has none")
  void diffIds() {
    String config = "{\"architecture\":\"amd64\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + BASE + "\",\""
        + TOP + "\"]}}";

    assertThat(ImageManifests.diffIds(config.getBytes(StandardCharsets.UTF_8))).containsExactly(BASE, TOP);
    assertThat(ImageManifests.diffIds("nope".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ImageManifests.configDigest(pushed())).contains(CONFIG);
  }
}
