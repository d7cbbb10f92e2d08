package io.lanes.steps.render;

import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;

/**
 * How render gives the platform's own images the lane's tag. An image of the platform's own repository, {@code
 * <registry>/<platform>/<name>}, written without a tag or digest ({@code localhost:5000/acme/openedx}, what Tutor
 * writes for {@code DOCKER_IMAGE_OPENEDX: localhost:5000/acme/openedx}) is the image the change builds: it gets the
 * lane's tag ({@code change-<N>-ps-<M>}). Every other reference is left exactly as written: a tagged or pinned image
 * of the platform's prefix (a mirror, {@code localhost:5000/acme/mysql:8.4.0}) keeps its version, and an image from
 * elsewhere is judged by the lane policy, the same way the plugin judged it at review.
 */
public final class ImageReference {
  private ImageReference() {}

  /** {@code reference} with the lane's tag when it is an untagged image of the platform's prefix; else unchanged. */
  public static String rewrite(String reference, Platform platform, String tag) {
    String prefix = LaneNames.imagePrefix(platform) + "/";
    if (reference.startsWith(prefix) && !reference.contains("@") && tag(reference).isEmpty()) {
      return reference + ":" + tag;
    }
    return reference;
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
