package io.lanes.core.naming;

import io.lanes.core.config.Platform;
import io.lanes.core.image.ImageReference;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every name Lanes derives: image references and tags, and the labels on every object it manages. */
public final class LaneNames {
  /** The standard label that says which tool manages an object. */
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The value of {@link #LABEL_MANAGED_BY} on every object Lanes manages. */
  public static final String MANAGED_BY = "lanes";

  /** The platform an object belongs to. */
  public static final String LABEL_PLATFORM = "lanes.io/platform";

  /** The revision (commit) an object was rendered from. */
  public static final String LABEL_REVISION = "lanes.io/revision";

  private LaneNames() {}

  /** The tag a change's patch set builds: {@code change-<N>-ps-<M>}. */
  public static String changeTag(int change, int patchset) {
    if (change <= 0 || patchset <= 0) {
      throw new IllegalArgumentException(
          "change and patchset must be positive, got change " + change + ", patchset " + patchset);
    }
    return "change-" + change + "-ps-" + patchset;
  }

  /** The start of every tag a change's patch sets build: {@code change-<N>-ps-}. */
  public static String changeTagPrefix(int change) {
    if (change <= 0) {
      throw new IllegalArgumentException("change must be positive, got " + change);
    }
    return "change-" + change + "-ps-";
  }

  /**
   * The release tag a promoted image gets for the branch head it was merged as: the commit's full SHA-1, lower
   * case.
   */
  public static String revisionTag(String commit) {
    if (commit == null || !commit.matches("[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not a full commit SHA-1: " + commit);
    }
    return commit.toLowerCase(java.util.Locale.ROOT);
  }

  /** The tag a platform's latest promoted image carries: {@code latest-<platform>}. */
  public static String latestTag(Platform platform) {
    return "latest-" + platform.name();
  }

  /** Where a platform's images live: {@code <registry>/<platform>}. */
  public static String imagePrefix(Platform platform) {
    return platform.registry() + "/" + platform.name();
  }

  /** The repository of one of the platform's images: {@code <registry>/<platform>/<image>}. */
  public static String imageRepository(Platform platform, String image) {
    return imagePrefix(platform) + "/" + image;
  }

  /**
   * A full image reference: {@code <registry>/<platform>/<image>:<tag>}.
   *
   * @throws IllegalArgumentException when {@code image} or {@code tag} is outside the image reference grammar
   */
  public static ImageReference imageReference(Platform platform, String image, String tag) {
    return ImageReference.of(platform.registry(), platform.name() + "/" + image, tag);
  }

  /**
   * The labels every object Lanes manages carries, in a fixed order. Prune selects on {@link #LABEL_MANAGED_BY} and
   * {@link #LABEL_PLATFORM} (equality only).
   */
  public static Map<String, String> labels(Platform platform, String revision) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_PLATFORM, platform.name());
    labels.put(LABEL_REVISION, revision);
    return labels;
  }
}
