package io.lanes.steps.preview;

import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PreviewSettings;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.zuul.ZuulVars;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which preview a {@code preview} subcommand works on: the platform ({@link PlatformSelection}) and its change, from
 * {@code --change} or Zuul's variables.
 */
public final class PreviewTarget {
  @Mixin PlatformSelection selection;

  @Option(names = "--change", paramLabel = "N", description = "The Gerrit change (default: zuul.change from --zuul-vars).")
  Integer change;

  /** The selected platform with its preview settings; a configuration error when it has none or they are off. */
  Selected select() {
    PlatformSelection.Selected selected = selection.select();
    String name = selected.platform().name();
    PreviewSettings settings = selected.map().preview(name)
        .orElseThrow(() -> StepException.configuration(
            "platform " + name + " has no [" + LanesConfig.SECTION_PREVIEW + " \"" + name + "\"] section in "
                + LanesConfig.FILE_NAME + ": it gets no preview"));
    return new Selected(selected, settings);
  }

  /** The platform map's text as read. */
  String mapText() {
    return selection.mapText();
  }

  /** A platform with previews, and Zuul's change when given. */
  record Selected(PlatformSelection.Selected selection, PreviewSettings settings) {
    /**
     * The change's preview; a configuration error without a change, or when previews are off and {@code toCreate}
     * (a preview is always removed, even once previews are turned off).
     */
    PreviewLane lane(Integer given, boolean toCreate) {
      if (toCreate && !settings.enabled()) {
        throw StepException.configuration(
            "previews of platform " + settings.platform() + " are off (" + LanesConfig.SECTION_PREVIEW + "."
                + settings.platform() + "." + LanesConfig.KEY_ENABLED + " = false)");
      }
      int change = Optional.ofNullable(given)
          .or(() -> selection.zuul().flatMap(ZuulVars::change))
          .orElseThrow(() -> StepException.configuration("give --change N, or --zuul-vars of a change"));
      if (change <= 0) {
        throw StepException.configuration("--change " + change + ": must be positive");
      }
      return new PreviewLane(selection.platform(), settings, change, selection.target());
    }
  }
}
