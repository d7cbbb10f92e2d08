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
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Runs the lane policy on the files a commit adds or changes on a platform branch, against its first parent. Only
 * new problems are errors: a violation the parent's version of the same file already had (same kind, name and
 * reason) is a warning. Files whose blob id did not change are never looked at (the tree walk skips them), files
 * outside the kustomize tree and the Zuul configuration are skipped by path without reading them, and the parent's
 * version of a file is read only when the new one has violations. Verdicts come from {@link FileVerdicts}, so with a
 * cache a file is parsed once per map and platform.
 */
public final class PlatformCommitCheck {
  /** The trees the lane policy reads: the walk does not descend into any other. */
  private static final TreeFilter CHECKED_PATHS =
      PathFilterGroup.createFromStrings(
          PlatformLayout.KUSTOMIZE_ROOT.replaceFirst("/$", ""), "zuul.yaml", ".zuul.yaml", "zuul.d", ".zuul.d");

  private PlatformCommitCheck() {}

  /** Checks {@code commit} for {@code target}'s platform, computing every verdict. */
  public static CheckResult check(ObjectReader reader, RevCommit commit, PlatformMap map, Target target)
      throws IOException {
    return check(reader, commit, new PolicyInputs(map, target), FileVerdicts.uncached());
  }

  /**
   * Checks {@code commit} against {@code inputs}.
   *
   * @param reader reads the commit's objects; the caller owns it
   * @param commit the commit, parsed (its parents' trees too)
   * @param verdicts where each file's verdict comes from
   */
  public static CheckResult check(ObjectReader reader, RevCommit commit, PolicyInputs inputs, FileVerdicts verdicts)
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
      walk.setFilter(AndTreeFilter.create(CHECKED_PATHS, TreeFilter.ANY_DIFF));
      while (walk.next()) {
        String path = walk.getPathString();
        if (!PlatformLayout.isManifest(path) && !PlatformLayout.isZuulConfig(path)) {
          continue;
        }
        if (!isFile(walk.getFileMode(1))) {
          continue;
        }
        FileVerdict now = verdict(reader, walk.getObjectId(1), path, inputs, verdicts);
        if (now.syntaxError().isPresent()) {
          errors.add(now.syntaxError().get());
          continue;
        }
        if (now.violations().isEmpty()) {
          continue;
        }
        List<Violation> existing =
            isFile(walk.getFileMode(0))
                ? verdict(reader, walk.getObjectId(0), path, inputs, verdicts).violations()
                : List.of();
        for (Violation violation : now.violations()) {
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

  private static FileVerdict verdict(
      ObjectReader reader, ObjectId blob, String path, PolicyInputs inputs, FileVerdicts verdicts)
      throws IOException {
    return verdicts.get(new FileVerdictKey(blob, path, inputs), () -> compute(text(reader, blob), path, inputs));
  }

  /** The verdict of one file's text: the pure part, parse and policy. */
  static FileVerdict compute(String text, String path, PolicyInputs inputs) {
    try {
      if (PlatformLayout.isManifest(path)) {
        return FileVerdict.of(LanePolicy.check(inputs.target(), ManifestParser.parse(path, text)));
      }
      return FileVerdict.of(
          ZuulConfigPolicy.check(inputs.map(), inputs.target().platform(), ZuulConfigParser.parse(path, text)));
    } catch (ManifestSyntaxException e) {
      return FileVerdict.syntaxError(e.getMessage());
    }
  }

  private static boolean isFile(FileMode mode) {
    return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
  }

  static String text(ObjectReader reader, ObjectId blob) throws IOException {
    return new String(reader.open(blob).getCachedBytes(Integer.MAX_VALUE), StandardCharsets.UTF_8);
  }
}
