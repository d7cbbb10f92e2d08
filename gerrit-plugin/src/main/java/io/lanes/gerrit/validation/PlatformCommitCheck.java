package io.lanes.gerrit.validation;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.core.policy.KubeManifestParser;
import io.lanes.core.policy.LanePolicy;
import io.lanes.core.policy.ManifestSyntaxException;
import io.lanes.core.policy.PlatformLayout;
import io.lanes.core.policy.Violation;
import io.lanes.core.policy.ZuulConfigPolicy;
import io.lanes.core.zuul.ZuulYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Runs the lane policy on the files a {@link Range} brings to a platform branch: the files that differ between the
 * range's {@code since} and {@code landing} trees. Only new problems are errors: a violation the branch tip's version
 * of the same file already has (same kind, name and reason) is a warning. Files whose blob id did not change are
 * never looked at (the tree walk skips them), files outside the kustomize tree and the Zuul configuration are skipped
 * by path without reading them, and the tip's version of a file is read only when the new one has violations.
 * Verdicts come from {@link FileVerdicts}, so with a cache a file is parsed once per map and platform.
 */
public final class PlatformCommitCheck {
  /** The trees the lane policy reads: the walk does not descend into any other. */
  private static final TreeFilter CHECKED_PATHS =
      PathFilterGroup.createFromStrings(
          PlatformLayout.KUSTOMIZE_ROOT.replaceFirst("/$", ""), "zuul.yaml", ".zuul.yaml", "zuul.d", ".zuul.d");

  private PlatformCommitCheck() {}

  /**
   * Checks {@code commit} against its first parent for {@code target}'s platform, computing every verdict on the
   * calling thread.
   */
  public static CheckResult check(ObjectReader reader, RevCommit commit, PlatformMap map, Target target)
      throws IOException {
    return check(reader, commit, new PolicyInputs(map, target), FileVerdicts.uncached(), FanOut.SEQUENTIAL);
  }

  /** Checks {@code commit} against its first parent and {@code inputs} on the calling thread. */
  public static CheckResult check(ObjectReader reader, RevCommit commit, PolicyInputs inputs, FileVerdicts verdicts)
      throws IOException {
    return check(reader, commit, inputs, verdicts, FanOut.SEQUENTIAL);
  }

  /**
   * Checks {@code commit} against its first parent: {@link #check(ObjectReader, Range, PolicyInputs, FileVerdicts,
   * FanOut)} with {@link Range#firstParent}. The commit must be parsed, its parents' trees too.
   */
  public static CheckResult check(
      ObjectReader reader, RevCommit commit, PolicyInputs inputs, FileVerdicts verdicts, FanOut fanOut)
      throws IOException {
    return check(reader, Range.firstParent(commit), inputs, verdicts, fanOut);
  }

  /**
   * Checks what {@code range} brings against {@code inputs}, computing the files' verdicts on the threads of {@code
   * fanOut}. The result is the same, messages and their order included, whatever the number of threads: messages
   * follow the tree walk's order.
   *
   * @param reader reads the trees' objects; the caller owns it. Helper threads read blobs through it too, one at a
   *     time: a JGit reader is not thread-safe, and a second reader ({@code newReader()}) need not see the objects
   *     an inserter has not flushed yet
   * @param range the trees: what lands, what its edits are counted from, and the tip problems are measured against
   * @param verdicts where each file's verdict comes from
   * @param fanOut the threads that compute verdicts
   */
  public static CheckResult check(
      ObjectReader reader, Range range, PolicyInputs inputs, FileVerdicts verdicts, FanOut fanOut)
      throws IOException {
    List<ChangedFile> files = changedFiles(reader, range);
    BlobSource blobs = new BlobSource(reader);
    List<FileVerdict> now = fanOut.map(files, f -> verdict(blobs, f.blob(), f.path(), inputs, verdicts));
    // The tip's version matters only where the new one has violations: to tell new problems from old ones.
    List<Integer> compared = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (now.get(i).syntaxError().isEmpty() && !now.get(i).violations().isEmpty() && files.get(i).hadParent()) {
        compared.add(i);
      }
    }
    List<FileVerdict> parentVerdicts =
        fanOut.map(compared, i -> verdict(blobs, files.get(i).parentBlob(), files.get(i).path(), inputs, verdicts));
    Map<Integer, List<Violation>> existingByFile = new HashMap<>();
    for (int c = 0; c < compared.size(); c++) {
      existingByFile.put(compared.get(c), parentVerdicts.get(c).violations());
    }
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      FileVerdict verdict = now.get(i);
      if (verdict.syntaxError().isPresent()) {
        errors.add(verdict.syntaxError().get());
        continue;
      }
      List<Violation> existing = existingByFile.getOrDefault(i, List.of());
      for (Violation violation : verdict.violations()) {
        if (existing.stream().anyMatch(violation::sameProblem)) {
          warnings.add(violation.located() + " (already there, not blocking)");
        } else {
          errors.add(violation.located());
        }
      }
    }
    return new CheckResult(errors, warnings);
  }

  /**
   * A file the range brings that the lane policy reads.
   *
   * @param parentBlob the blob of the tip's version, or {@code null} when the tip has no such file
   */
  private record ChangedFile(String path, ObjectId blob, ObjectId parentBlob) {
    boolean hadParent() {
      return parentBlob != null;
    }
  }

  /**
   * The files the policy reads that differ between the range's {@code since} and {@code landing} trees, in tree
   * order, each with the tip's version. When {@code since} is the tip (a ref update, a change on the tip: the usual
   * case), one walk of two trees; otherwise a walk of three, the tip's tree only read along.
   */
  private static List<ChangedFile> changedFiles(ObjectReader reader, Range range) throws IOException {
    List<ChangedFile> files = new ArrayList<>();
    boolean sinceIsTip = range.sinceIsTip();
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      walk.addTree(iterator(reader, range.since()));
      walk.addTree(range.landing());
      if (!sinceIsTip) {
        walk.addTree(iterator(reader, range.tip()));
      }
      walk.setFilter(AndTreeFilter.create(CHECKED_PATHS, sinceIsTip ? TreeFilter.ANY_DIFF : FIRST_TWO_DIFFER));
      int tipTree = sinceIsTip ? 0 : 2;
      while (walk.next()) {
        String path = walk.getPathString();
        if ((PlatformLayout.isManifest(path) || PlatformLayout.isZuulConfig(path)) && isFile(walk.getFileMode(1))) {
          ObjectId tipBlob = isFile(walk.getFileMode(tipTree)) ? walk.getObjectId(tipTree) : null;
          files.add(new ChangedFile(path, walk.getObjectId(1), tipBlob));
        }
      }
    }
    return files;
  }

  private static AbstractTreeIterator iterator(ObjectReader reader, Optional<RevTree> tree) throws IOException {
    if (tree.isEmpty()) {
      return new EmptyTreeIterator();
    }
    CanonicalTreeParser parser = new CanonicalTreeParser();
    parser.reset(reader, tree.get());
    return parser;
  }

  /** Like {@link TreeFilter#ANY_DIFF}, but between the walk's first two trees only: the third is read along. */
  private static final TreeFilter FIRST_TWO_DIFFER =
      new TreeFilter() {
        @Override
        public boolean include(TreeWalk walk) {
          return walk.getRawMode(0) != walk.getRawMode(1) || !walk.idEqual(0, 1);
        }

        @Override
        public boolean shouldBeRecursive() {
          return false;
        }

        @Override
        public TreeFilter clone() {
          return this;
        }

        @Override
        public String toString() {
          return "FIRST_TWO_DIFFER";
        }
      };

  private static FileVerdict verdict(
      BlobSource blobs, ObjectId blob, String path, PolicyInputs inputs, FileVerdicts verdicts) throws IOException {
    return verdicts.get(new FileVerdictKey(blob, path, inputs), () -> compute(blobs.text(blob), path, inputs));
  }

  /** The caller's reader, shared by the threads that compute verdicts: one read at a time. */
  private static final class BlobSource {
    private final ObjectReader reader;

    BlobSource(ObjectReader reader) {
      this.reader = reader;
    }

    String text(ObjectId blob) throws IOException {
      byte[] bytes;
      synchronized (this) {
        bytes = bytes(reader, blob);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The verdict of one file's text: the pure part, parse and policy. */
  static FileVerdict compute(String text, String path, PolicyInputs inputs) {
    try {
      if (PlatformLayout.isManifest(path)) {
        return FileVerdict.of(LanePolicy.check(inputs.target(), KubeManifestParser.parse(path, text)));
      }
      return FileVerdict.of(
          ZuulConfigPolicy.check(inputs.map(), inputs.target().platform(), ZuulYaml.items(path, text)));
    } catch (ManifestSyntaxException e) {
      return FileVerdict.syntaxError(e.getMessage());
    }
  }

  private static boolean isFile(FileMode mode) {
    return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
  }

  static String text(ObjectReader reader, ObjectId blob) throws IOException {
    return new String(bytes(reader, blob), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ObjectReader reader, ObjectId blob) throws IOException {
    return reader.open(blob).getCachedBytes(Integer.MAX_VALUE);
  }
}
