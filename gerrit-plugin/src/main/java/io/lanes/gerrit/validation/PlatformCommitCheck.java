package io.lanes.gerrit.validation;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.core.policy.LanePolicy;
import io.lanes.core.policy.ManifestParser;
import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.PlatformLayout;
import io.lanes.core.policy.Violation;
import io.lanes.core.policy.ZuulConfigParser;
import io.lanes.core.policy.ZuulConfigPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Runs the lane policy on the files a commit adds or changes on a platform branch, against its first parent. Only
 * new problems are errors: a violation the parent's version of the same file already had (same kind, name and
 * reason) is a warning. The parent's version is parsed only when the new one has violations, so clean commits pay
 * for one parse per changed file.
 */
public final class PlatformCommitCheck {
  private PlatformCommitCheck() {}

  /**
   * Checks {@code commit} for {@code target}'s platform.
   *
   * @param reader reads the commit's objects; the caller owns it
   * @param commit the commit, parsed (its parents' trees too)
   */
  public static CheckResult check(ObjectReader reader, RevCommit commit, PlatformMap map, Target target)
      throws IOException {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      if (commit.getParentCount() > 0) {
        CanonicalTreeParser parent = new CanonicalTreeParser();
        parent.reset(reader, commit.getParent(0).getTree());
        walk.addTree(parent);
      } else {
        walk.addTree(new EmptyTreeIterator());
      }
      walk.addTree(commit.getTree());
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        String path = walk.getPathString();
        boolean manifest = PlatformLayout.isManifest(path);
        if ((!manifest && !PlatformLayout.isZuulConfig(path)) || !isFile(walk.getFileMode(1))) {
          continue;
        }
        Optional<ObjectId> before = isFile(walk.getFileMode(0)) ? Optional.of(walk.getObjectId(0)) : Optional.empty();
        List<Violation> found;
        try {
          found = violations(manifest, path, text(reader, walk.getObjectId(1)), map, target);
        } catch (ManifestSyntaxException e) {
          errors.add(e.getMessage());
          continue;
        }
        if (found.isEmpty()) {
          continue;
        }
        List<Violation> existing = existing(reader, before, manifest, path, map, target);
        for (Violation violation : found) {
          if (existing.stream().anyMatch(violation::sameProblem)) {
            warnings.add(violation.located() + " (already there, not blocking)");
          } else {
            errors.add(violation.located());
          }
        }
      }
    }
    return new CheckResult(errors, warnings);
  }

  private static List<Violation> existing(
      ObjectReader reader, Optional<ObjectId> before, boolean manifest, String path, PlatformMap map, Target target)
      throws IOException {
    if (before.isEmpty()) {
      return List.of();
    }
    try {
      return violations(manifest, path, text(reader, before.get()), map, target);
    } catch (ManifestSyntaxException e) {
      return List.of();
    }
  }

  private static List<Violation> violations(
      boolean manifest, String path, String text, PlatformMap map, Target target) throws ManifestSyntaxException {
    if (manifest) {
      return LanePolicy.check(target, ManifestParser.parse(path, text));
    }
    return ZuulConfigPolicy.check(map, target.platform(), ZuulConfigParser.parse(path, text));
  }

  private static boolean isFile(FileMode mode) {
    return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
  }

  static String text(ObjectReader reader, ObjectId blob) throws IOException {
    return new String(reader.open(blob).getCachedBytes(Integer.MAX_VALUE), StandardCharsets.UTF_8);
  }
}
