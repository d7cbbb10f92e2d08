package io.lanes.gerrit.validation;

import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Checks {@code lanes.config} in a commit to {@code refs/meta/config}: when the commit changes the file, every
 * problem is an error, {@code lanes.config: <dotted key>: <message>}, the same lines {@code zuul-steps check-config}
 * prints. A commit that leaves the file alone, or deletes it, passes.
 */
public final class MapCommitCheck {
  private MapCommitCheck() {}

  /** Checks {@code commit}; its parents must be parsed. */
  public static CheckResult check(ObjectReader reader, RevCommit commit) throws IOException {
    ObjectId after = blob(reader, commit.getTree());
    ObjectId before = commit.getParentCount() > 0 ? blob(reader, commit.getParent(0).getTree()) : null;
    if (after == null || Objects.equals(after, before)) {
      return CheckResult.clean();
    }
    List<ConfigProblem> problems = PlatformMapReader.read(PlatformCommitCheck.text(reader, after)).problems();
    return new CheckResult(
        problems.stream().map(MapCommitCheck::line).toList(), List.of());
  }

  private static String line(ConfigProblem problem) {
    return problem.key().equals(LanesConfig.FILE_NAME)
        ? problem.toString()
        : LanesConfig.FILE_NAME + ": " + problem;
  }

  private static ObjectId blob(ObjectReader reader, RevTree tree) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, LanesConfig.FILE_NAME, tree)) {
      return walk == null ? null : walk.getObjectId(0);
    }
  }
}
