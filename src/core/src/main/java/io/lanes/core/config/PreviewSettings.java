package io.lanes.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The preview platforms of one platform ({@code [preview "<platform>"]}): where a change's preview lives, how it is
 * reached, what it may use and how long it lives. See {@link LanesConfig} for every key. Pure.
 *
 * @param platform the platform's name (the section's)
 * @param enabled whether changes may get a preview
 * @param namespacePattern the preview namespace's pattern ({@code {namespace}-c{change}})
 * @param lmsHost the platform's own LMS host, replaced in a preview
 * @param hostPattern the preview's LMS host pattern ({@code c{change}.preview.example.org})
 * @param cpu the CPU quota, a Kubernetes quantity
 * @param memory the memory quota, a Kubernetes quantity
 * @param objects how many objects of each counted kind
 * @param ttl how long a preview lives after its last update
 * @param mysqlMemory the memory request and limit of the preview's MySQL container, a Kubernetes quantity
 * @param mysqlStorage the size of the preview's MySQL volume claim (at most the platform's), a Kubernetes quantity
 * @param seeds what a new preview is seeded with, once ({@link LanesConfig#SEED_DO_JOBS})
 */
public record PreviewSettings(
    String platform,
    boolean enabled,
    String namespacePattern,
    String lmsHost,
    String hostPattern,
    String cpu,
    String memory,
    int objects,
    Duration ttl,
    String mysqlMemory,
    String mysqlStorage,
    java.util.List<String> seeds) {

  public PreviewSettings {
    seeds = java.util.List.copyOf(seeds);
  }

  /** The preview namespace of change {@code change} of platform {@code owner} (whose namespace the pattern uses). */
  public String namespace(Platform owner, int change) {
    return expand(namespacePattern, owner, change);
  }

  /** The preview's LMS host for change {@code change}. */
  public String host(Platform owner, int change) {
    return expand(hostPattern, owner, change);
  }

  /** The change number in {@code namespace} when it is one of this platform's preview namespaces. */
  public Optional<Integer> change(Platform owner, String namespace) {
    String regex = java.util.regex.Pattern.quote(namespacePattern)
        .replace(LanesConfig.PLACEHOLDER_CHANGE, "\\E([1-9][0-9]{0,9})\\Q")
        .replace(LanesConfig.PLACEHOLDER_NAMESPACE, owner.namespace())
        .replace(LanesConfig.PLACEHOLDER_PLATFORM, owner.name());
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(regex).matcher(namespace);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(matcher.group(1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String expand(String pattern, Platform owner, long change) {
    return pattern
        .replace(LanesConfig.PLACEHOLDER_NAMESPACE, owner.namespace())
        .replace(LanesConfig.PLACEHOLDER_PLATFORM, owner.name())
        .replace(LanesConfig.PLACEHOLDER_CHANGE, Long.toString(change));
  }
}
