package io.lanes.gerrit.query;

import com.google.gerrit.server.project.NoSuchProjectException;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.PlatformMaps;
import io.lanes.gerrit.submit.TimeSource;
import java.util.Optional;

/**
 * Where a change goes, for the search operators: the target of its destination branch under its project's map as the
 * project cache holds it (one memoized snapshot per state of {@code refs/meta/config}), and whether a freeze covers
 * now. A change on a closed branch (under an invalid map, or unmapped) has no target.
 */
@Singleton
public class ChangeLanes {
  private final PlatformMaps platformMaps;
  private final TimeSource timeSource;

  @Inject
  ChangeLanes(PlatformMaps platformMaps, TimeSource timeSource) {
    this.platformMaps = platformMaps;
    this.timeSource = timeSource;
  }

  /** The target of {@code change}'s branch; empty off platform branches and on closed ones. */
  public Optional<Target> target(ChangeData change) {
    try {
      BranchLane lane = platformMaps.snapshot(change.project()).lane(change.change().getDest().branch());
      return lane.kind() == BranchLane.Kind.PLATFORM ? lane.target() : Optional.empty();
    } catch (NoSuchProjectException e) {
      return Optional.empty();
    }
  }

  /** Whether a freeze of {@code platform} covers now. */
  public boolean frozenNow(Platform platform) {
    return platform.freezeAt(timeSource.now()).isPresent();
  }
}
