package io.lanes.steps.registry;

import io.lanes.steps.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * A manifest as the registry stores it: its exact bytes, media type and digest (the sha256 of the bytes, which is
 * what an image reference by digest pins).
 */
public record ImageManifest(byte[] bytes, String mediaType, String digest) {

  /** A manifest of {@code bytes}, its digest computed from them. */
  public static ImageManifest of(byte[] bytes, String mediaType) {
    return new ImageManifest(bytes.clone(), mediaType, sha256(bytes));
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return Sha256.of(bytes);
  }

  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
