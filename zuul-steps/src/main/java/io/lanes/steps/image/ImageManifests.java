package io.lanes.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI image manifest Lanes pushes for an engine's image: the engine's config blob (whose digest is the image
 * ID) and its layers uncompressed, exactly as the engine holds them (each layer's digest is its diff ID). The same
 * image always gives the same manifest bytes, so the same digest.
 */
public final class ImageManifests {
  /** Media type of the config blob. */
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  /** Media type of an uncompressed layer. */
  public static final String LAYER = "application/vnd.oci.image.layer.v1.tar";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageManifests() {}

  /** A blob the manifest points at. */
  public record Blob(String digest, long size) {}

  /** The manifest of an image with {@code config} and {@code layers} (in the image's order). */
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
      node.put("mediaType", LAYER);
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
   * Whether {@code manifest} is exactly the one Lanes pushes for an image whose config digest (image ID) is {@code
   * configDigest} and whose layers' diff IDs are {@code layerDigests}: same config, same layers in the same order,
   * same media types, and byte for byte what {@link #imageManifest} gives with the sizes it records. Such a
   * manifest only exists in a repository that holds all its blobs, so the image is already pushed.
   */
  public static boolean isManifestOf(ImageManifest manifest, String configDigest, List<String> layerDigests) {
    if (!RegistryClient.OCI_MANIFEST.equals(manifest.mediaType())) {
      return false;
    }
    JsonNode root;
    try {
      root = JSON.readTree(manifest.bytes());
    } catch (IOException e) {
      return false;
    }
    JsonNode config = root.path("config");
    JsonNode layers = root.path("layers");
    if (!configDigest.equals(config.path("digest").asText()) || layers.size() != layerDigests.size()) {
      return false;
    }
    List<Blob> blobs = new ArrayList<>();
    for (int i = 0; i < layerDigests.size(); i++) {
      JsonNode layer = layers.get(i);
      if (!layerDigests.get(i).equals(layer.path("digest").asText()) || !layer.path("size").canConvertToLong()) {
        return false;
      }
      blobs.add(new Blob(layerDigests.get(i), layer.path("size").asLong()));
    }
    ImageManifest expected = imageManifest(new Blob(configDigest, config.path("size").asLong()), blobs);
    return expected.digest().equals(manifest.digest());
  }
}
