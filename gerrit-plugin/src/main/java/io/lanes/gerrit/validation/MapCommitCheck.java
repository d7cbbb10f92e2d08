package io.lanes.gerrit.validation;

import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.config.InvalidMap;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Checks {@code lanes.config} in what a commit or a ref update brings to {@code refs/meta/config}: when it changes the
 * file, every problem is an error, {@code lanes.config: <dotted key>: <message>}, the same lines {@code zuul-steps
 * check-config} prints, and its warnings are warnings. Deleting the file is an error: without a map every branch
 * under {@code platform/} closes, and a map is fixed, not removed. A commit that leaves the file alone passes.
 */
public final class MapCommitCheck {
  /** The error for a commit or update that deletes the map. */
  public static final String DELETED =
      LanesConfig.FILE_NAME
          + ": deleting the platform map is refused (every platform/ branch would close); change or fix it instead";

  private MapCommitCheck() {}

  /** Checks {@code commit} against its first parent; its parents must be parsed. */
  public static CheckResult check(ObjectReader reader, RevCommit commit) throws IOException {
    return check(reader, Range.firstParent(commit));
  }

  /** Checks what {@code range} brings to {@code refs/meta/config}. */
  public static CheckResult check(ObjectReader reader, Range range) throws IOException {
    ObjectId after = blob(reader, range.landing());
    ObjectId before = range.since().isPresent() ? blob(reader, range.since().get()) : null;
    if (after == null) {
      return before == null ? CheckResult.clean() : new CheckResult(List.of(DELETED), List.of());
    }
    if (Objects.equals(after, before)) {
      return CheckResult.clean();
    }
    PlatformMapReader.Result read = PlatformMapReader.read(PlatformCommitCheck.text(reader, after));
    return new CheckResult(
        InvalidMap.lines(read.problems()), InvalidMap.lines(read.warnings()));
  }

  private static ObjectId blob(ObjectReader reader, RevTree tree) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, LanesConfig.FILE_NAME, tree)) {
      return walk == null ? null : walk.getObjectId(0);
    }
  }
}
