package io.lanes.steps.testing;

import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/** What tests that start a registry of their own share. */
public final class Registries {
  private Registries() {}

  /** Waits until the registry behind {@code client} answers its API (10 s at most), else throws its last failure. */
  public static void waitUntilAnswers(RegistryClient client) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        client.ping();
        return;
      } catch (RegistryException e) {
        if (i > 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * Stores a small image of its own (an OCI manifest, its config and one layer of random bytes, so a digest no other
   * tag has) as {@code repository:tag}, through the Registry API; returns the manifest's digest.
   */
  public static String putImage(RegistryClient client, String repository, String tag) {
    byte[] layer = new byte[64];
    new SecureRandom().nextBytes(layer);
    String layerDigest = ImageManifest.sha256(layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + layerDigest + "\"]},\"config\":{\"Labels\":{\"lanes.test\":\"" + HexFormat.of().formatHex(layer, 0, 8)
        + "\"}}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = ImageManifest.sha256(config);
    client.uploadBlob(repository, layerDigest, layer.length, new ByteArrayInputStream(layer), n -> {});
    client.uploadBlob(repository, configDigest, config.length, new ByteArrayInputStream(config), n -> {});
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.OCI_MANIFEST + "\",\"config\":{"
        + "\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
        + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
        + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
    return client.putManifest(repository, tag, ImageManifest.of(manifest, RegistryClient.OCI_MANIFEST));
  }

  /** Deletes {@code repository:tag} when the registry has it (by its digest, as distribution deletes). */
  public static void deleteImage(RegistryClient client, String repository, String tag) {
    client.manifest(repository, tag).ifPresent(m -> client.deleteManifest(repository, m.digest()));
  }
}
