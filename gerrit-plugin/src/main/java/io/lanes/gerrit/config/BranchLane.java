package io.lanes.gerrit.config;

import com.google.gerrit.entities.RefNames;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.config.Target;
import java.util.Optional;

/**
 * What a branch is to Lanes, decided from the platform map alone: the map itself ({@code refs/meta/config}), a
 * platform's branch, an unknown branch under {@code platform/}, a branch under {@code platform/} while the map is
 * invalid or maps no platform, or none of Lanes' business.
 *
 * @param kind which of the six
 * @param target the platform's target, for {@link Kind#PLATFORM}
 */
public record BranchLane(Kind kind, Optional<Target> target) {
  /** What a branch is to Lanes. */
  public enum Kind {
    /** {@code refs/meta/config}, where {@code lanes.config} lives. */
    MAP,
    /** A platform's branch. */
    PLATFORM,
    /** A branch under {@code platform/} that no platform maps. */
    UNKNOWN_PLATFORM,
    /**
     * A branch under {@code platform/} while {@code lanes.config} has problems: which platform it is, and what the
     * policy allows there, cannot be trusted until the map is fixed.
     */
    INVALID_MAP,
    /**
     * A branch under {@code platform/} while the project has no {@code lanes.config}, or one that declares no
     * platform: closed, so that removing the map (or every platform from it) never leaves a branch unguarded.
     */
    NO_PLATFORMS,
    /** Any branch outside {@code platform/} (and outside {@code refs/meta/config}). */
    NONE
  }

  /** Whether the branch is closed: under {@code platform/} but not a valid platform's branch. */
  public boolean closed() {
    return kind == Kind.UNKNOWN_PLATFORM || kind == Kind.INVALID_MAP || kind == Kind.NO_PLATFORMS;
  }

  /**
   * Decides what {@code ref} ({@code refs/heads/...} or {@code refs/meta/config}) is. Every branch under {@code
   * platform/} is guarded: while the map has problems it is {@link Kind#INVALID_MAP}, mapped or not (a broken
   * platform drops out of the map, and its branch must not become unguarded for it); while the project has no map,
   * or a map with no platform, it is {@link Kind#NO_PLATFORMS}; a branch no platform maps is {@link
   * Kind#UNKNOWN_PLATFORM}. All three are closed.
   */
  public static BranchLane of(PlatformMapReader.Result read, String ref) {
    if (ref.equals(RefNames.REFS_CONFIG)) {
      return new BranchLane(Kind.MAP, Optional.empty());
    }
    String branch = ref.startsWith(RefNames.REFS_HEADS) ? ref.substring(RefNames.REFS_HEADS.length()) : ref;
    boolean underPlatform = branch.startsWith(LanesConfig.PLATFORM_BRANCH_PREFIX);
    if (!read.problems().isEmpty() && underPlatform) {
      return new BranchLane(Kind.INVALID_MAP, Optional.empty());
    }
    PlatformMap map = read.map();
    Optional<Target> target = map.platformForBranch(ref).map(map::target);
    if (target.isPresent()) {
      return new BranchLane(Kind.PLATFORM, target);
    }
    if (underPlatform) {
      return new BranchLane(
          map.platforms().isEmpty() ? Kind.NO_PLATFORMS : Kind.UNKNOWN_PLATFORM, Optional.empty());
    }
    return new BranchLane(Kind.NONE, Optional.empty());
  }
}
