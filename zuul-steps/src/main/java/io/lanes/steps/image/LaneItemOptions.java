package io.lanes.steps.image;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.zuul.ZuulVars;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which platform and change an image step works for: the platform map, and either Zuul's variables or {@code
 * --branch} with {@code --change} and {@code --patchset}.
 */
public final class LaneItemOptions {
  @Mixin PlatformMapOptions platformMap;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Item item;

  static final class Item {
    @ArgGroup(exclusive = false)
    Explicit explicit;

    @Option(
        names = "--zuul-vars",
        paramLabel = "FILE",
        description = "Zuul's zuul variable as JSON: branch, change and patchset come from it.")
    Path zuulVars;
  }

  static final class Explicit {
    @Option(names = "--branch", required = true, paramLabel = "BRANCH", description = "The platform's branch.")
    String branch;

    @Option(names = "--change", required = true, paramLabel = "N", description = "The change number.")
    int change;

    @Option(names = "--patchset", required = true, paramLabel = "M", description = "The patch set number.")
    int patchset;
  }

  /** The platform and change this run is about. */
  public record LaneItem(PlatformMap map, Platform platform, int change, int patchset) {}

  /** Resolves the item, or a configuration error naming what is missing. */
  public LaneItem resolve() {
    PlatformMap map = platformMap.load();
    String branch;
    int change;
    int patchset;
    if (item.zuulVars != null) {
      ZuulVars zuul = ZuulVars.read(item.zuulVars);
      branch = zuul.branch();
      change = zuul.change().orElseThrow(
          () -> StepException.configuration(item.zuulVars + ": zuul.change: missing (the item is not a change)"));
      patchset = zuul.patchset().orElseThrow(
          () -> StepException.configuration(item.zuulVars + ": zuul.patchset: missing (the item is not a change)"));
    } else {
      branch = item.explicit.branch;
      change = item.explicit.change;
      patchset = item.explicit.patchset;
    }
    if (change <= 0 || patchset <= 0) {
      throw StepException.configuration(
          "change and patchset must be positive, got change " + change + ", patchset " + patchset);
    }
    Platform platform = PlatformSelection.forBranch(map, branch);
    return new LaneItem(map, platform, change, patchset);
  }
}
