package io.lanes.steps.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference {@code <registry>/<repository>[:<tag>][@<digest>]}, as Lanes writes them: the registry part
 * is always present (a host with a port or a dot, or {@code localhost}).
 *
 * @param registry the registry's host and port, e.g. {@code localhost:5000}
 * @param repository the repository inside it, e.g. {@code acme/openedx}
 * @param tag the tag, if any
 * @param digest the digest ({@code sha256:<hex>}), if any
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?<registry>[A-Za-z0-9.-]+(?::[0-9]+)?)/(?<repository>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
              + "(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?");

  /** Parses {@code text}; a reference without a registry host, or malformed, is an {@link IllegalArgumentException}. */
  public static ImageReference parse(String text) {
    Matcher matcher = REFERENCE.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not an image reference <registry>/<repository>:<tag>: " + text);
    }
    String registry = matcher.group("registry");
    if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
      throw new IllegalArgumentException(
          "image reference " + text + " names no registry host (expected e.g. localhost:5000/acme/openedx:tag)");
    }
    return new ImageReference(
        registry,
        matcher.group("repository"),
        Optional.ofNullable(matcher.group("tag")),
        Optional.ofNullable(matcher.group("digest")));
  }

  /** {@code <registry>/<repository>}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The same repository with another tag and no digest. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
  }

  /** {@code <registry>/<repository>@<digest>}. */
  public String byDigest(String imageDigest) {
    return name() + "@" + imageDigest;
  }

  /**
   * The Registry API's base URL for this registry: plain HTTP for loopback registries (as Docker treats them),
   * HTTPS otherwise.
   */
  public String defaultApiUrl() {
    String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
    boolean loopback = host.equals("localhost") || host.startsWith("127.");
    return (loopback ? "http://" : "https://") + registry;
  }

  @Override
  public String toString() {
    return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
