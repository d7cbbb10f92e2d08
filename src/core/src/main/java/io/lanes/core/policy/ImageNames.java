package io.lanes.core.policy;

/** Image references as a container runtime reads them. */
final class ImageNames {
  private static final String DEFAULT_REGISTRY = "docker.io";

  private ImageNames() {}

  /**
   * The fully qualified form of a reference: {@code redis:7} is {@code docker.io/library/redis:7}, {@code
   * bitnami/redis} is {@code docker.io/bitnami/redis}; a reference whose first part names a host (has a dot or a
   * port, or is {@code localhost}) is kept as written.
   */
  static String qualified(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return DEFAULT_REGISTRY + "/library/" + image;
    }
    String first = image.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return image;
    }
    return DEFAULT_REGISTRY + "/" + image;
  }
}
