package io.lanes.core.image;

import io.lanes.core.text.Echo;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as container runtimes read it, {@code [<registry>/]<repository>[:<tag>][@<digest>]}, in the
 * grammar of the distribution project's {@code reference} package (what Docker, containerd and the kubelet use).
 * Parsed references are qualified: a reference that names no registry is Docker Hub's ({@code redis:7} is {@code
 * docker.io/library/redis:7}, {@code bitnami/redis} is {@code docker.io/bitnami/redis}). The first part of a
 * reference names a registry when it has a dot or a port, is {@code localhost}, or has an upper-case letter.
 *
 * <p>Pure: no I/O. Every check names the reference it refused.
 *
 * @param registry the registry's host and port, e.g. {@code localhost:5000} or {@code docker.io}
 * @param repository the repository inside it, e.g. {@code acme/openedx} or {@code library/redis}
 * @param tag the tag, if any
 * @param digest the content digest ({@code <algorithm>:<hex>}), if any
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
  /** The registry of a reference that names none. */
  public static final String DEFAULT_REGISTRY = "docker.io";

  /** The tag that says "whatever is newest": a reference with it pins nothing. */
  public static final String LATEST = "latest";

  private static final String LEGACY_DEFAULT_REGISTRY = "index.docker.io";
  private static final String OFFICIAL_IMAGES = "library/";
  private static final int MAX_NAME_LENGTH = 255;

  private static final String HOST_PART = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern REGISTRY =
      Pattern.compile("(?:" + HOST_PART + "(?:\\." + HOST_PART + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
  private static final String PATH_PART = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(PATH_PART + "(?:/" + PATH_PART + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

  /** Checks each part; a part outside the grammar is an {@link IllegalArgumentException} naming it. */
  public ImageReference {
    check(REGISTRY, registry, "registry host[:port]");
    check(REPOSITORY, repository, "repository (lower-case path parts separated by /)");
    tag.ifPresent(t -> check(TAG, t, "tag"));
    digest.ifPresent(d -> check(DIGEST, d, "digest (<algorithm>:<hex>)"));
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "the name " + Echo.quote(registry + "/" + repository) + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
  }

  /**
   * Parses {@code text}, qualifying it against Docker Hub when it names no registry.
   *
   * @throws IllegalArgumentException when {@code text} is not an image reference, naming it and what is wrong
   */
  public static ImageReference parse(String text) {
    return parse(text, false);
  }

  /**
   * Parses {@code text}, which must name its registry host ({@code localhost:5000/acme/openedx:tag}): how Lanes
   * writes the references of its own images, which never default to Docker Hub.
   *
   * @throws IllegalArgumentException when {@code text} is not an image reference or names no registry host
   */
  public static ImageReference parseQualified(String text) {
    return parse(text, true);
  }

  /** {@code text} parsed as {@link #parse} does, or empty when it is not an image reference. */
  public static Optional<ImageReference> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** One of a platform's images: {@code <registry>/<repository>:<tag>}. */
  public static ImageReference of(String registry, String repository, String tag) {
    return new ImageReference(registry, repository, Optional.of(tag), Optional.empty());
  }

  private static ImageReference parse(String text, boolean registryRequired) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("not an image reference: empty text");
    }
    String name = text;
    Optional<String> digest = Optional.empty();
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(name.substring(at + 1));
      name = name.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = Optional.of(name.substring(colon + 1));
      name = name.substring(0, colon);
    }
    int slash = name.indexOf('/');
    String registry;
    String repository;
    if (slash > 0 && namesRegistry(name.substring(0, slash))) {
      registry = name.substring(0, slash);
      repository = name.substring(slash + 1);
    } else if (registryRequired) {
      throw new IllegalArgumentException(
          "image reference " + Echo.quote(text) + " names no registry host (expected e.g."
              + " localhost:5000/acme/openedx:tag)");
    } else {
      registry = DEFAULT_REGISTRY;
      repository = name;
    }
    if (registry.equals(LEGACY_DEFAULT_REGISTRY)) {
      registry = DEFAULT_REGISTRY;
    }
    if (registry.equals(DEFAULT_REGISTRY) && repository.indexOf('/') < 0) {
      repository = OFFICIAL_IMAGES + repository;
    }
    try {
      return new ImageReference(registry, repository, tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an image reference: " + Echo.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /** Docker's rule: a first part with a dot or a port, {@code localhost}, or an upper-case letter is a registry. */
  private static boolean namesRegistry(String first) {
    return first.contains(".")
        || first.contains(":")
        || first.equals("localhost")
        || !first.toLowerCase(Locale.ROOT).equals(first);
  }

  private static void check(Pattern pattern, String value, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("the " + what + " " + Echo.quote(String.valueOf(value)) + " is not valid");
    }
  }

  /** {@code <registry>/<repository>}: the reference without tag and digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The same repository with {@code newTag} and no digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
  }

  /** The same repository pinned to {@code imageDigest}, without a tag: {@code <registry>/<repository>@<digest>}. */
  public ImageReference byDigest(String imageDigest) {
    return new ImageReference(registry, repository, Optional.empty(), Optional.of(imageDigest));
  }

  /** Whether the reference pins nothing: no digest and no tag, or the tag {@value #LATEST}. */
  public boolean isFloating() {
    return digest.isEmpty() && tag.map(LATEST::equals).orElse(true);
  }

  /**
   * Whether the repository lies strictly below {@code prefix}, a {@code <registry>/<path>/} text such as {@code
   * localhost:5000/acme/} ({@code localhost:5000/acme/openedx} does; {@code localhost:5000/acme} and {@code
   * localhost:5000/acme-eu/openedx} do not).
   */
  public boolean isBelow(String prefix) {
    String slashed = prefix.endsWith("/") ? prefix : prefix + "/";
    return name().length() > slashed.length() && name().startsWith(slashed);
  }

  /** {@code <registry>/<repository>[:<tag>][@<digest>]}. */
  @Override
  public String toString() {
    return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
