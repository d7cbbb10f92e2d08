package io.lanes.gerrit.submit;

import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.PatchSet;
import com.google.gerrit.server.IdentifiedUser;
import com.google.gerrit.server.git.CodeReviewCommit;
import com.google.gerrit.server.git.validators.MergeValidationException;
import com.google.gerrit.server.git.validators.MergeValidationListener;
import com.google.gerrit.server.project.ProjectState;
import com.google.inject.Singleton;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.validation.CheckResult;
import io.lanes.gerrit.validation.PlatformCommitCheck;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Runs the lane policy again at submit, against the map as it is now: a change that was valid when pushed but broke
 * after the map changed cannot merge. Only new problems block, as on push.
 */
@Singleton
public class PolicyAtSubmit implements MergeValidationListener {
  @Override
  public void onPreMerge(
      Repository repo,
      CodeReviewCommit.CodeReviewRevWalk revWalk,
      CodeReviewCommit commit,
      ProjectState projectState,
      BranchNameKey destBranch,
      PatchSet.Id patchSetId,
      IdentifiedUser caller)
      throws MergeValidationException {
    PlatformMapReader.Result read =
        PlatformMapReader.read(projectState.getConfig(LanesConfig.FILE_NAME).get());
    BranchLane lane = BranchLane.of(read.map(), destBranch.branch());
    if (lane.kind() != BranchLane.Kind.PLATFORM) {
      return;
    }
    CheckResult result;
    try {
      for (RevCommit parent : commit.getParents()) {
        revWalk.parseHeaders(parent);
      }
      result = PlatformCommitCheck.check(revWalk.getObjectReader(), commit, read.map(), lane.target().orElseThrow());
    } catch (IOException e) {
      throw new MergeValidationException("lanes: cannot read commit " + commit.name(), e);
    }
    if (!result.passed()) {
      throw new MergeValidationException(
          "lane policy at submit (the platform map changed since the push):\n" + String.join("\n", result.errors()));
    }
  }
}
