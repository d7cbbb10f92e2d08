package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a rollback to a release from before an upgrade across Open edX releases must say: the objects go back, the
 * data does not (the upgrade's migrations are forward-only), and which backup holds the data that matches. Pure.
 */
public final class RollbackAcrossUpgrade {
  private RollbackAcrossUpgrade() {}

  /**
   * The first upgrade recorded after {@code chosen} among {@code all}, if any, as the line rollback prints.
   *
   * @param platform the platform's name, for the restore command
   */
  public static Optional<String> notice(List<ReleaseRecord> all, ReleaseRecord chosen, String platform) {
    return all.stream()
        .filter(r -> r.number() > chosen.number() && r.upgrade().isPresent())
        .min(Comparator.comparingInt(ReleaseRecord::number))
        .map(r -> {
          ReleaseRecord.Upgrade u = r.upgrade().get();
          return "release " + chosen.number() + " is from before the upgrade from " + u.from() + " to " + u.to()
              + " (release " + r.number() + "): rolling back restores its objects, not its data (migrations do not roll"
              + " back); the data that matches it is backup " + u.backup() + ", verified before that upgrade: zuul-steps"
              + " restore --config lanes.config --platform " + platform + " --backup " + u.backup() + " --dry-run, then"
              + " restore it into the platform's databases (see docs/steps/restore.md)";
        });
  }
}
