package io.lanes.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one source of truth: which branch is which platform, and where each platform deploys. Read it with {@link
 * PlatformMapReader}; every lookup here is pure.
 */
public record PlatformMap(
    Map<String, Platform> platforms,
    Map<String, Cluster> clusters,
    Map<String, Backup> backups,
    Map<String, PreviewSettings> previews) {

  private static final String REFS_HEADS = "refs/heads/";

  public PlatformMap {
    platforms = Collections.unmodifiableMap(new LinkedHashMap<>(platforms));
    clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    backups = Collections.unmodifiableMap(new LinkedHashMap<>(backups));
    previews = Collections.unmodifiableMap(new LinkedHashMap<>(previews));
  }

  /** A map whose platforms have no previews. */
  public PlatformMap(Map<String, Platform> platforms, Map<String, Cluster> clusters, Map<String, Backup> backups) {
    this(platforms, clusters, backups, Map.of());
  }

  /** The preview settings of platform {@code name}, when its map has a {@code [preview]} section for it. */
  public Optional<PreviewSettings> preview(String name) {
    return Optional.ofNullable(previews.get(name));
  }

  /** A map with no platforms, for a project without {@code lanes.config}. */
  public static PlatformMap empty() {
    return new PlatformMap(Map.of(), Map.of(), Map.of());
  }

  /** The platform whose branch is {@code branch} ({@code platform/acme} or {@code refs/heads/platform/acme}). */
  public Optional<Platform> platformForBranch(String branch) {
    String shortName = branch.startsWith(REFS_HEADS) ? branch.substring(REFS_HEADS.length()) : branch;
    return platforms.values().stream().filter(p -> p.branch().equals(shortName)).findFirst();
  }

  /** The platform named {@code name}. */
  public Optional<Platform> platform(String name) {
    return Optional.ofNullable(platforms.get(name));
  }

  /** Where {@code platform} deploys. The platform must belong to this map. */
  public Target target(Platform platform) {
    Cluster cluster = clusters.get(platform.cluster());
    if (cluster == null) {
      throw new IllegalArgumentException("platform " + platform.name() + " is not in this map");
    }
    return new Target(platform, cluster, Optional.ofNullable(platform.backup().map(backups::get).orElse(null)));
  }

  /** The platforms' names, comma-separated, or {@code none}: for messages that list what is known. */
  public String platformNames() {
    return platforms.isEmpty() ? "none" : String.join(", ", platforms.keySet());
  }
}
