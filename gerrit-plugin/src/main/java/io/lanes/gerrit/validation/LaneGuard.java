package io.lanes.gerrit.validation;

import com.google.common.cache.Cache;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMap;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.config.InvalidMap;
import io.lanes.gerrit.config.PlatformMapSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * What Lanes decides about one update of one ref, whoever asks: a change pushed for review, a direct or force push,
 * a branch created over REST, the result of a submit. The map's own checks on {@code refs/meta/config}, the lane
 * policy on a platform's branch, refusal on a closed branch under {@code platform/}; nothing elsewhere. The Gerrit
 * listeners around it only compute the {@link Range} and turn the decision into Gerrit's messages. It decides with
 * the plugin's one cache of file verdicts and its validation threads, so every listener injects it and none builds
 * its own.
 */
@Singleton
public final class LaneGuard {
  /** Computes the range only when the lane needs one (a closed or unguarded branch needs none). */
  @FunctionalInterface
  public interface RangeSource {
    /** The range of the update. */
    Range range() throws IOException;
  }

  /**
   * The decision.
   *
   * @param refusal the one-line summary when the update is refused, empty when it may go in
   * @param errors one line per blocking problem (the map's problems for a branch closed by an invalid map)
   * @param warnings one line per problem that does not block
   */
  public record Decision(Optional<String> refusal, List<String> errors, List<String> warnings) {
    public Decision {
      errors = List.copyOf(errors);
      warnings = List.copyOf(warnings);
    }

    static Decision passed(List<String> warnings) {
      return new Decision(Optional.empty(), List.of(), warnings);
    }

    static Decision refused(String summary, List<String> errors) {
      return new Decision(Optional.of(summary), errors, List.of());
    }

    /** Whether the update may go in. */
    public boolean passed() {
      return refusal.isEmpty();
    }
  }

  private final FileVerdicts verdicts;
  private final ValidationThreads threads;

  @Inject
  LaneGuard(@Named(FileVerdicts.CACHE) Cache<FileVerdictKey, FileVerdict> verdicts, ValidationThreads threads) {
    this.verdicts = FileVerdicts.cachedIn(verdicts);
    this.threads = threads;
  }

  /**
   * Decides on an update of {@code ref} in a project whose map is {@code map}.
   *
   * @param action what is refused, for the closed-branch messages: "pushing", "submitting"
   * @return empty when the ref is none of Lanes' business
   */
  public Optional<Decision> decide(
      PlatformMapSnapshot map, String ref, String action, ObjectReader reader, RangeSource range)
      throws IOException {
    BranchLane lane = map.lane(ref);
    String branch = ref.replaceFirst("^refs/heads/", "");
    return switch (lane.kind()) {
      case NONE -> Optional.empty();
      case UNKNOWN_PLATFORM ->
          Optional.of(
              Decision.refused(
                  branch + " is not a platform's branch (known platforms: " + knownPlatforms(map.map()) + ")",
                  List.of()));
      case INVALID_MAP -> Optional.of(Decision.refused(InvalidMap.refusal(action), InvalidMap.lines(map.problems())));
      case NO_PLATFORMS ->
          Optional.of(
              Decision.refused(
                  branch
                      + " is closed: "
                      + LanesConfig.FILE_NAME
                      + " in refs/meta/config maps no platform (push a platform map first)",
                  List.of()));
      case MAP -> Optional.of(decision(lane, MapCommitCheck.check(reader, range.range())));
      case PLATFORM ->
          Optional.of(
              decision(
                  lane,
                  PlatformCommitCheck.check(
                      reader,
                      range.range(),
                      new PolicyInputs(map.map(), lane.target().orElseThrow()),
                      verdicts,
                      threads.fanOut())));
    };
  }

  private static Decision decision(BranchLane lane, CheckResult result) {
    if (result.passed()) {
      return Decision.passed(result.warnings());
    }
    int count = result.errors().size();
    String summary =
        lane.kind() == BranchLane.Kind.MAP
            ? LanesConfig.FILE_NAME + " has " + count + " problem" + (count == 1 ? "" : "s")
            : "lane policy: "
                + count
                + " violation"
                + (count == 1 ? "" : "s")
                + " on platform "
                + lane.target().orElseThrow().platform().name();
    return new Decision(Optional.of(summary), result.errors(), result.warnings());
  }

  private static String knownPlatforms(PlatformMap map) {
    List<String> known = new ArrayList<>();
    map.platforms().values().forEach(p -> known.add(p.name() + " on " + p.branch()));
    return known.isEmpty() ? "none" : String.join(", ", known);
  }
}
