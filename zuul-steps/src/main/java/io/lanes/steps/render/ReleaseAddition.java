package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.lanes.core.config.Target;
import java.util.List;

/**
 * Objects Lanes adds to a platform's own when {@code render}, {@code deploy} and {@code rollback} render its
 * release, so the preview, the lane policy, deploy and prune treat them like any other object. Render only declares
 * the slot: what fills it (the backup's CronJob) is plugged in where the CLI is wired, and may bring its own picocli
 * options, since the steps take it as a {@code @Mixin}.
 */
public interface ReleaseAddition {
  /**
   * The objects to add for {@code target}; none when it has nothing to add.
   *
   * @param platformMapText the platform map as read
   */
  List<HasMetadata> objects(Target target, String platformMapText);
}
