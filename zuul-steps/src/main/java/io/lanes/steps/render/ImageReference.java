package io.lanes.steps.render;

import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;

/**
 * How render rewrites an image reference. A reference with no registry host and no path ({@code openedx},
 * {@code mysql:8.4.0}, {@code redis@sha256:...}) names one of the platform's own images: it moves under the
 * platform's prefix, {@code <registry>/<platform>/<name>}, keeping its tag or digest, or taking the lane's tag when
 * it has neither. Any other reference ({@code docker.io/library/redis:7}, {@code overhangio/openedx:18}) is left as
 * written, for the policy to judge against the platform's prefix and allowed images.
 */
public final class ImageReference {
  private ImageReference() {}

  /** Whether {@code reference} is a bare name: no registry host, no path. */
  public static boolean isBare(String reference) {
    return !reference.isBlank() && !reference.contains("/");
  }

  /** {@code reference} rewritten for {@code platform} with {@code tag} for untagged bare names; others unchanged. */
  public static String rewrite(String reference, Platform platform, String tag) {
    if (!isBare(reference)) {
      return reference;
    }
    int digest = reference.indexOf('@');
    if (digest >= 0) {
      return LaneNames.imageRepository(platform, reference.substring(0, digest)) + reference.substring(digest);
    }
    int colon = reference.indexOf(':');
    if (colon >= 0) {
      return LaneNames.imageReference(platform, reference.substring(0, colon), reference.substring(colon + 1));
    }
    return LaneNames.imageReference(platform, reference, tag);
  }

  /** The tag of a reference, or empty when it has none (a digest-only or untagged reference). */
  public static String tag(String reference) {
    int digest = reference.indexOf('@');
    String withoutDigest = digest >= 0 ? reference.substring(0, digest) : reference;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : "";
  }

  /** Whether a reference pins nothing: no digest and no tag, or the tag {@code latest}. */
  public static boolean isFloating(String reference) {
    return !reference.contains("@") && (tag(reference).isEmpty() || tag(reference).equals("latest"));
  }
}
