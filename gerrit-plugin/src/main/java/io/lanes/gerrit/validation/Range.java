package io.lanes.gerrit.validation;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/**
 * What a ref update or a change brings to a branch, as three trees: the files that differ between {@code since}
 * and {@code landing} are what it brings, and each is measured against the same path in {@code tip}, the branch as
 * it is. A problem the tip's version of the file already has is not new.
 *
 * <p>For a ref update (a direct push, a force push, a branch created from any commit, the result of a submit) the
 * tree that lands is the new commit's, and everything is measured against the tip: {@code since} is the tip. For a
 * change (pushed for review), {@code since} is where the change forked from the branch (its merge base with the tip;
 * the tip itself when the change sits on it), so a change based on an older tip brings only its own edits: what the
 * branch changed since is not the change's doing, and submit checks the merged result again.
 *
 * @param tip the branch's tree now, or empty when the branch does not exist yet
 * @param since the tree the change's own edits are counted from, or empty for "everything"
 * @param landing the tree that would land
 */
public record Range(Optional<RevTree> tip, Optional<RevTree> since, RevTree landing) {
  /** A ref update from {@code tip} (empty: the ref is created) to {@code landing}, parsed by {@code walk}. */
  public static Range refUpdate(RevWalk walk, ObjectId tip, ObjectId landing) throws IOException {
    Optional<RevTree> tipTree = tree(walk, tip);
    return new Range(tipTree, tipTree, walk.parseCommit(landing).getTree());
  }

  /**
   * A change whose commit is {@code commit}, for a branch whose tip is {@code tip} (null when the branch does not
   * exist yet). Costs nothing beyond parsing the tip when the commit sits on the tip (the usual case); otherwise one
   * merge-base walk on a {@link RevWalk} of its own over {@code walk}'s reader.
   */
  public static Range change(RevWalk walk, RevCommit commit, ObjectId tip) throws IOException {
    walk.parseHeaders(commit);
    Optional<RevTree> tipTree = tree(walk, tip);
    if (tip == null || isParent(commit, tip)) {
      return new Range(tipTree, tipTree, commit.getTree());
    }
    Optional<RevTree> since;
    try (RevWalk bases = new RevWalk(walk.getObjectReader())) {
      bases.setRevFilter(RevFilter.MERGE_BASE);
      bases.markStart(bases.parseCommit(commit));
      bases.markStart(bases.parseCommit(tip));
      RevCommit base = bases.next();
      since = base == null ? Optional.empty() : Optional.of(walk.parseTree(base.getTree()));
    }
    return new Range(tipTree, since, commit.getTree());
  }

  /** The range of {@code commit} against its first parent: what the check did before ranges, for tests and benches. */
  public static Range firstParent(RevCommit commit) {
    Optional<RevTree> parent =
        commit.getParentCount() > 0 ? Optional.of(commit.getParent(0).getTree()) : Optional.empty();
    return new Range(parent, parent, commit.getTree());
  }

  /** Whether the edits are counted from the tip itself (the walk then needs two trees, not three). */
  boolean sinceIsTip() {
    return tip.map(RevTree::getId).equals(since.map(RevTree::getId));
  }

  private static boolean isParent(RevCommit commit, AnyObjectId tip) {
    for (RevCommit parent : commit.getParents()) {
      if (parent.equals(tip)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<RevTree> tree(RevWalk walk, ObjectId commit) throws IOException {
    if (commit == null || commit.equals(ObjectId.zeroId())) {
      return Optional.empty();
    }
    return Optional.of(walk.parseCommit(commit).getTree());
  }
}
