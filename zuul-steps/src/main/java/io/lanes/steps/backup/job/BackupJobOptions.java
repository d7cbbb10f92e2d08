package io.lanes.steps.backup.job;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.render.ReleaseAddition;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The backup job {@code render} and {@code deploy} add to the objects of a platform that has a {@code backup} in the
 * platform map (their {@link ReleaseAddition}, plugged in by the CLI's wiring), so the preview, the lane policy,
 * deploy and prune treat it like any other object. What it dumps comes from the map's {@code backup} section, as for
 * {@code backup install}.
 */
public final class BackupJobOptions implements ReleaseAddition {
  /** The image the job's container is, by the platform's own image name. */
  public static final String IMAGE_NAME = "zuul-steps";

  @Option(
      names = "--backup-image",
      paramLabel = "IMAGE",
      description = "The backup CronJob's image, with zuul-steps and the MySQL client tools (default: <registry>/<platform>/"
          + IMAGE_NAME + ":latest-<platform>, the platform's own promoted image).")
  String image;

  /** The default image: the platform's own {@value #IMAGE_NAME} at its latest promoted tag. */
  public static String defaultImage(Platform platform) {
    return LaneNames.imageReference(platform, IMAGE_NAME, LaneNames.latestTag(platform)).toString();
  }

  /**
   * The backup's ConfigMap and CronJob ({@link BackupCronJob#render}) when the platform has a backup; none otherwise.
   *
   * @param platformMapText the platform map as read, which the job reads
   */
  @Override
  public List<HasMetadata> objects(Target target, String platformMapText) {
    if (target.backup().isEmpty()) {
      return List.of();
    }
    Platform platform = target.platform();
    return BackupCronJob.render(
        platform, target.backup().get(), platformMapText, image != null ? image : defaultImage(platform));
  }
}
