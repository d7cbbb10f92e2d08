package io.lanes.steps.config;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.zuul.ZuulVars;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which platform a step works on, the same way in every step: the platform map ({@link PlatformMapOptions}) and one
 * of {@code --platform NAME}, {@code --branch BRANCH} (the platform whose branch it is) or {@code --zuul-vars FILE}
 * (the platform of Zuul's branch; the change and patch set come from it too).
 */
public final class PlatformSelection {
  @Mixin PlatformMapOptions platformMap;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Item item;

  static final class Item {
    @Option(names = "--platform", paramLabel = "NAME", description = "The platform, as named in the platform map, e.g. acme.")
    String platform;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "The platform's branch, e.g. platform/acme.")
    String branch;

    @Option(
        names = "--zuul-vars",
        paramLabel = "FILE",
        description = "Zuul's zuul variable as JSON: the platform is that of its branch.")
    Path zuulVars;
  }

  /**
   * A platform, the map it is in, and Zuul's variables when they were given.
   *
   * @param map the valid platform map
   * @param platform the selected platform
   * @param zuul Zuul's variables, when {@code --zuul-vars} was given
   */
  public record Selected(PlatformMap map, Platform platform, Optional<ZuulVars> zuul) {
    /** The selected platform with where it goes: its cluster, registry and backup. */
    public Target target() {
      return map.target(platform);
    }

    /** The tag of Zuul's change ({@code change-<N>-ps-<M>}), when Zuul's variables were given. */
    public Optional<String> changeTag() {
      return zuul.flatMap(ZuulVars::changeTag);
    }

    /**
     * The tag the platform's own images get: {@code given} (a step's {@code --image-tag}) when not null, else the
     * change's tag from Zuul, else {@code latest-<platform>}.
     */
    public String imageTag(String given) {
      return given != null ? given : changeTag().orElse(LaneNames.latestTag(platform));
    }
  }

  /** Loads the map and selects the platform; a configuration error naming the platform or branch otherwise. */
  public Selected select() {
    PlatformMap map = platformMap.load();
    if (item.zuulVars != null) {
      ZuulVars zuul = ZuulVars.read(item.zuulVars);
      return new Selected(map, forBranch(map, zuul.branch()), Optional.of(zuul));
    }
    if (item.branch != null) {
      return new Selected(map, forBranch(map, item.branch), Optional.empty());
    }
    return new Selected(map, byName(map, item.platform), Optional.empty());
  }

  /** The platform map's text as read (for objects that carry it, such as the backup job's ConfigMap). */
  public String mapText() {
    return platformMap.text();
  }

  /** The platform whose branch {@code branch} is, or a configuration error listing the known platforms. */
  public static Platform forBranch(PlatformMap map, String branch) {
    return map.platformForBranch(branch)
        .orElseThrow(
            () -> StepException.configuration(
                "branch " + branch + " belongs to no platform (known platforms: " + map.platformNames() + ")"));
  }

  /** The platform named {@code name}, or a configuration error listing the known platforms. */
  public static Platform byName(PlatformMap map, String name) {
    return map.platform(name)
        .orElseThrow(
            () -> StepException.configuration(
                "unknown platform " + name + " (known platforms: " + map.platformNames() + ")"));
  }
}
