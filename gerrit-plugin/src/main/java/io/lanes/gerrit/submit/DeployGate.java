package io.lanes.gerrit.submit;

import io.lanes.core.config.FreezeInterval;
import io.lanes.core.config.Platform;
import io.lanes.gerrit.config.LanesSettings.GateLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Lanes-Deploy} decision, pure: a platform, now and the votes in, a {@link GateState} out.
 *
 * <ul>
 *   <li>the verified label has a +1 and no negative vote;
 *   <li>on a protected platform, the review label has a +2 from a member of the platform's {@code ownerGroup};
 *   <li>no freeze of the platform covers now, unless an owner voted +1 on the override label: a member of the
 *       platform's {@code ownerGroup}, or, on a platform without one, a project owner (or an Administrator), never
 *       any other voter. The override lifts the freeze only, nothing else.
 * </ul>
 */
public final class DeployGate {
  private DeployGate() {}

  public static GateState evaluate(Platform platform, Instant now, List<Vote> votes, GateLabels labels) {
    List<String> reasons = new ArrayList<>();
    List<Vote> verified = votes.stream().filter(v -> v.label().equals(labels.verified())).toList();
    verified.stream()
        .filter(v -> v.value() < 0)
        .forEach(v -> reasons.add(labels.verified() + v.value() + " by " + v.voter() + " blocks"));
    if (verified.stream().noneMatch(v -> v.value() >= 1)) {
      reasons.add("needs " + labels.verified() + "+1");
    }
    if (platform.isProtected()
        && votes.stream().noneMatch(v -> v.label().equals(labels.review()) && v.value() >= 2 && v.byOwner())) {
      reasons.add(
          "needs "
              + labels.review()
              + "+2 from a member of "
              + platform.ownerGroup().orElse("the owner group")
              + " (platform "
              + platform.name()
              + " is protected)");
    }
    Optional<FreezeInterval> freeze = platform.freezeAt(now);
    Optional<String> overriddenBy = Optional.empty();
    if (freeze.isPresent()) {
      overriddenBy =
          votes.stream()
              .filter(v -> v.label().equals(labels.override()) && v.value() >= 1 && v.byOwner())
              .map(Vote::voter)
              .findFirst();
      if (overriddenBy.isEmpty()) {
        reasons.add(
            "platform "
                + platform.name()
                + " is frozen until "
                + freeze.get().end()
                + " (freeze "
                + freeze.get()
                + "; "
                + labels.override()
                + "+1 by "
                + platform.ownerGroup().map(g -> "a member of " + g).orElse("a project owner")
                + " lifts it)");
      }
    }
    return new GateState(reasons.isEmpty(), reasons, freeze, overriddenBy);
  }
}
