package io.lanes.gerrit.validation;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import java.util.Objects;

/**
 * Everything besides a file's content that the lane policy reads: the platform map (the Zuul rules look at every
 * platform) and the platform's target. A value: two pushes against the same map and platform have equal inputs,
 * on any server. Its hash is computed once, since every file of a commit is looked up with it.
 */
public final class PolicyInputs {
  private final PlatformMap map;
  private final Target target;
  private final int hash;

  /** The inputs for checking files of {@code target}'s platform against {@code map}. */
  public PolicyInputs(PlatformMap map, Target target) {
    this.map = map;
    this.target = target;
    this.hash = Objects.hash(map, target);
  }

  /** The platform map. */
  public PlatformMap map() {
    return map;
  }

  /** The platform's target. */
  public Target target() {
    return target;
  }

  @Override
  public boolean equals(Object other) {
    return other == this
        || (other instanceof PolicyInputs that
            && hash == that.hash
            && map.equals(that.map)
            && target.equals(that.target));
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
