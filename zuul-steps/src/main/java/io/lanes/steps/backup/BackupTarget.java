package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.core.config.Platform;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import picocli.CommandLine.Mixin;

/**
 * Which platform's backups ({@link PlatformSelection}) and its backup section of the map: all {@code backup install}
 * needs; the steps that reach the bucket take {@link BackupOptions}, which adds the S3 and encryption-key flags.
 */
public final class BackupTarget {
  @Mixin PlatformSelection selection;

  /** The platform and its backup section, or a configuration error naming what is missing. */
  Resolved resolve() {
    PlatformSelection.Selected selected = selection.select();
    Platform found = selected.platform();
    String platform = found.name();
    Backup backup =
        selected.map().target(found)
            .backup()
            .orElseThrow(
                () ->
                    StepException.configuration(
                        "platform " + platform + " has no backup (set platform." + platform
                            + ".backup to a [backup] section)"));
    return new Resolved(found, backup);
  }

  /** A platform and its backup section. */
  record Resolved(Platform platform, Backup backup) {}
}
