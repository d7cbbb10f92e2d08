package io.lanes.steps.render;

import io.lanes.core.policy.Violation;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files a change adds or modifies, with their lines as the change has them: the only files Zuul comments on (it
 * drops a file comment on any other). A violation found in an object of a file the change does not touch (a
 * kustomize patch in {@code kustomization.yml} changing a manifest the change leaves alone) is placed on the line of
 * the change that carries the offending value instead, so the reviewer reads it where the change made it.
 *
 * @param lines each added or modified file's lines, by path from the repository root
 */
public record ChangeFiles(Map<String, List<String>> lines) {
  /** No change known (not run by Zuul on a change): every comment stays on its object's line. */
  public static final ChangeFiles NONE = new ChangeFiles(Map.of());

  /**
   * Where a comment for {@code violation} goes: its object's own line when the change touches that file (or no change
   * is known), else the first line of the change's files holding the longest quoted value of its reason (the image,
   * the host path...), else its object's line (Zuul then shows it only among the build's warnings).
   */
  public Violation place(Violation violation) {
    if (lines.isEmpty() || lines.containsKey(violation.file())) {
      return violation;
    }
    // the quoted values, in pairs of quotes: "lms" ... "docker.io/..."
    String[] parts = violation.reason().split("\"", -1);
    List<String> values = IntStream.range(0, parts.length).filter(i -> i % 2 == 1 && i < parts.length - 1)
        .mapToObj(i -> parts[i]).filter(value -> value.length() >= 4)
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String value : values) {
      for (Map.Entry<String, List<String>> file : new TreeMap<>(lines).entrySet()) {
        List<String> text = file.getValue();
        for (int i = 0; i < text.size(); i++) {
          if (text.get(i).contains(value)) {
            return new Violation(file.getKey(), i + 1, violation.kind(), violation.name(),
                violation.reason() + " (the object is " + violation.file() + (violation.line() > 0 ? ":" + violation.line() : "")
                    + ", a file this change does not touch; the value comes from this line)");
          }
        }
      }
    }
    return violation;
  }

  /**
   * The files commit {@code commitId} adds or modifies against its first parent (all its files for a root commit), in
   * the git repository holding {@code root}; {@link #NONE} when the commit is not in it.
   */
  public static ChangeFiles of(Path root, String commitId) {
    try (Repository repository = new FileRepositoryBuilder().findGitDir(root.toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      ObjectId id = repository.resolve(commitId + "^{commit}");
      if (id == null) {
        return NONE;
      }
      RevCommit commit = walk.parseCommit(id);
      Map<String, List<String>> files = new TreeMap<>();
      try (TreeWalk tree = new TreeWalk(reader)) {
        tree.setRecursive(true);
        if (commit.getParentCount() > 0) {
          CanonicalTreeParser parent = new CanonicalTreeParser();
          parent.reset(reader, walk.parseCommit(commit.getParent(0)).getTree());
          tree.addTree(parent);
        } else {
          tree.addTree(new EmptyTreeIterator());
        }
        tree.addTree(commit.getTree());
        for (DiffEntry entry : DiffEntry.scan(tree)) {
          if (entry.getChangeType() != DiffEntry.ChangeType.DELETE) {
            String text = new String(reader.open(entry.getNewId().toObjectId()).getBytes(), StandardCharsets.UTF_8);
            files.put(entry.getNewPath(), text.lines().toList());
          }
        }
      }
      return new ChangeFiles(files);
    } catch (IOException | IllegalArgumentException e) {
      throw StepException.configuration(root + ": cannot read the change's commit " + commitId + ": " + e.getMessage(), e);
    }
  }
}
