package io.lanes.steps.takeover;

import io.lanes.core.config.Cluster;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.steps.StepException;
import java.util.Optional;

/**
 * Where a takeover deploys a platform: its namespace on the DR cluster, which is {@code --to-cluster}, else the
 * {@code drCluster} of the platform's cluster, else, when the map already points the platform at a cluster that is
 * another's {@code drCluster} (the runbook's map change came first), that cluster. Pure.
 */
final class DrTarget {
  private DrTarget() {}

  /** The platform's target on its DR cluster; a configuration error naming the cluster when there is none. */
  static Target of(PlatformMap map, Platform platform, Optional<String> toCluster) {
    Target own = map.target(platform);
    Cluster cluster;
    if (toCluster.isPresent()) {
      cluster = Optional.ofNullable(map.clusters().get(toCluster.get())).orElseThrow(() -> StepException.configuration(
          "--to-cluster " + toCluster.get() + ": no such cluster in the platform map (clusters: "
              + String.join(", ", map.clusters().keySet()) + ")"));
    } else if (own.cluster().drCluster().isPresent()) {
      cluster = map.clusters().get(own.cluster().drCluster().get());
    } else if (map.clusters().values().stream()
        .anyMatch(c -> c.drCluster().filter(own.cluster().name()::equals).isPresent())) {
      cluster = own.cluster();
    } else {
      throw StepException.configuration(
          "cluster " + own.cluster().name() + " of platform " + platform.name() + " has no drCluster, and no cluster"
              + " names it as one: set cluster." + own.cluster().name() + ".drCluster in the map, or give --to-cluster");
    }
    return new Target(platform, cluster, own.backup());
  }

  /** The map change that points the platform at {@code target}'s cluster, or empty when it already does. */
  static Optional<String> mapChange(Platform platform, Target target) {
    return platform.cluster().equals(target.cluster().name())
        ? Optional.empty()
        : Optional.of("platform." + platform.name() + ".cluster = " + target.cluster().name());
  }
}
