package io.lanes.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI image manifest Lanes pushes for an engine's image, and what Lanes reads from the manifests a registry
 * holds (pure). The pushed manifest names the engine's config blob (whose digest is the image ID) and the image's
 * layers gzip-compressed, in the image's order; the config's {@code rootfs.diff_ids} are the digests of the same
 * layers uncompressed, which is how a layer's compressed blob is found again from its diff ID.
 */
public final class ImageManifests {
  /** Media type of the config blob. */
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  /** Media type of an uncompressed layer (what Lanes pushed before its layers were compressed). */
  public static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
  /** Media type of a gzip-compressed layer in an OCI manifest: what Lanes pushes. */
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** Media type of a gzip-compressed layer in a Docker manifest (what skopeo or podman may push). */
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** The layer media types a manifest may use and still be taken for an image's (runtimes pull them all). */
  private static final Set<String> LAYERS = Set.of(LAYER, LAYER_GZIP, DOCKER_LAYER_GZIP);
  /** The gzip layer media types, whose blobs push-image reuses for a diff ID. */
  private static final Set<String> GZIP_LAYERS = Set.of(LAYER_GZIP, DOCKER_LAYER_GZIP);

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageManifests() {}

  /** A blob the manifest points at. */
  public record Blob(String digest, long size) {}

  /** The manifest of an image with {@code config} and gzip {@code layers} (in the image's order). */
  public static ImageManifest imageManifest(Blob config, List<Blob> layers) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", RegistryClient.OCI_MANIFEST);
    ObjectNode configNode = root.putObject("config");
    configNode.put("mediaType", CONFIG);
    configNode.put("digest", config.digest());
    configNode.put("size", config.size());
    ArrayNode layerNodes = root.putArray("layers");
    for (Blob layer : layers) {
      ObjectNode node = layerNodes.addObject();
      node.put("mediaType", LAYER_GZIP);
      node.put("digest", layer.digest());
      node.put("size", layer.size());
    }
    try {
      return ImageManifest.of(JSON.writeValueAsBytes(root), RegistryClient.OCI_MANIFEST);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether {@code manifest} is a manifest of the image whose config digest (image ID) is {@code configDigest} and
   * which has {@code layerCount} layers: an OCI or Docker image manifest with that config and as many layers, each of
   * a layer media type a runtime pulls (uncompressed, as Lanes pushed before, or gzip). The config names the layers'
   * diff IDs, so the same config means the same layers; and a registry only keeps a manifest in a repository that
   * holds all its blobs. Such a manifest under the tag means the image is already pushed, however it was compressed.
   */
  public static boolean isManifestOf(ImageManifest manifest, String configDigest, int layerCount) {
    Optional<JsonNode> root = imageManifestJson(manifest);
    if (root.isEmpty() || !configDigest.equals(root.get().path("config").path("digest").asText())) {
      return false;
    }
    JsonNode layers = root.get().path("layers");
    if (!layers.isArray() || layers.size() != layerCount) {
      return false;
    }
    for (JsonNode layer : layers) {
      if (!LAYERS.contains(layer.path("mediaType").asText())) {
        return false;
      }
    }
    return true;
  }

  /** The config digest of an OCI or Docker image manifest; empty for anything else (an index, not JSON). */
  public static Optional<String> configDigest(ImageManifest manifest) {
    return imageManifestJson(manifest)
        .map(root -> root.path("config").path("digest").asText(""))
        .filter(digest -> digest.startsWith("sha256:"));
  }

  /**
   * The gzip blob of each layer of {@code manifest} by its diff ID, the config's {@code rootfs.diff_ids} given as
   * {@code diffIds} (the i-th diff ID is the i-th layer uncompressed, as the image spec says); layers of another media
   * type are left out, and so is everything when the counts differ.
   */
  public static Map<String, Blob> gzipLayersByDiffId(ImageManifest manifest, List<String> diffIds) {
    Map<String, Blob> found = new LinkedHashMap<>();
    Optional<JsonNode> root = imageManifestJson(manifest);
    if (root.isEmpty()) {
      return found;
    }
    JsonNode layers = root.get().path("layers");
    if (!layers.isArray() || layers.size() != diffIds.size()) {
      return found;
    }
    for (int i = 0; i < diffIds.size(); i++) {
      JsonNode layer = layers.get(i);
      String digest = layer.path("digest").asText("");
      if (GZIP_LAYERS.contains(layer.path("mediaType").asText()) && digest.startsWith("sha256:")
          && layer.path("size").canConvertToLong() && layer.path("size").asLong() > 0) {
        found.putIfAbsent(diffIds.get(i), new Blob(digest, layer.path("size").asLong()));
      }
    }
    return found;
  }

  /** The {@code rootfs.diff_ids} of an image config's JSON; empty when it has none or is not JSON. */
  public static List<String> diffIds(byte[] config) {
    List<String> ids = new ArrayList<>();
    try {
      JSON.readTree(config).path("rootfs").path("diff_ids").forEach(id -> ids.add(id.asText()));
    } catch (IOException e) {
      return List.of();
    }
    return ids;
  }

  private static Optional<JsonNode> imageManifestJson(ImageManifest manifest) {
    if (!RegistryClient.OCI_MANIFEST.equals(manifest.mediaType())
        && !RegistryClient.DOCKER_MANIFEST.equals(manifest.mediaType())) {
      return Optional.empty();
    }
    return RegistryClient.json(manifest);
  }
}
