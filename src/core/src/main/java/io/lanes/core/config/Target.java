package io.lanes.core.config;

import io.lanes.core.naming.LaneNames;
import java.util.Optional;

/** Where a platform deploys: its namespace on a cluster, its image prefix, its backup. */
public record Target(Platform platform, Cluster cluster, Optional<Backup> backup) {

  public String namespace() {
    return platform.namespace();
  }

  /** Where the platform's images live: {@code <registry>/<platform>}. */
  public String imagePrefix() {
    return LaneNames.imagePrefix(platform);
  }
}
