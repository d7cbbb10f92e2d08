package io.lanes.gerrit.submit;

import com.google.common.cache.Cache;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.PatchSet;
import com.google.gerrit.server.IdentifiedUser;
import com.google.gerrit.server.git.CodeReviewCommit;
import com.google.gerrit.server.git.validators.MergeValidationException;
import com.google.gerrit.server.git.validators.MergeValidationListener;
import com.google.gerrit.server.project.ProjectState;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.gerrit.config.BranchLane;
import io.lanes.gerrit.validation.CheckResult;
import io.lanes.gerrit.validation.FileVerdict;
import io.lanes.gerrit.validation.FileVerdictKey;
import io.lanes.gerrit.validation.FileVerdicts;
import io.lanes.gerrit.validation.PlatformCommitCheck;
import io.lanes.gerrit.validation.PolicyInputs;
import io.lanes.gerrit.validation.ValidationThreads;
import java.io.IOException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Runs the lane policy again at submit, against the map as it is now: a change that was valid when pushed but broke
 * after the map changed cannot merge. Only new problems block, as on push.
 */
@Singleton
public class PolicyAtSubmit implements MergeValidationListener {
  private final FileVerdicts verdicts;
  private final ValidationThreads threads;

  @Inject
  PolicyAtSubmit(
      @Named(FileVerdicts.CACHE) Cache<FileVerdictKey, FileVerdict> verdicts, ValidationThreads threads) {
    this.verdicts = FileVerdicts.cachedIn(verdicts);
    this.threads = threads;
  }

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
    BranchLane lane = BranchLane.of(read, destBranch.branch());
    if (lane.kind() == BranchLane.Kind.INVALID_MAP) {
      throw new MergeValidationException(
          LanesConfig.FILE_NAME
              + " in refs/meta/config is invalid: fix it before submitting to platform branches:\n"
              + String.join("\n", read.problems().stream().map(ConfigProblem::toString).toList()));
    }
    if (lane.kind() != BranchLane.Kind.PLATFORM) {
      return;
    }
    CheckResult result;
    try {
      for (RevCommit parent : commit.getParents()) {
        revWalk.parseHeaders(parent);
      }
      result =
          PlatformCommitCheck.check(
              revWalk.getObjectReader(),
              commit,
              new PolicyInputs(read.map(), lane.target().orElseThrow()),
              verdicts,
              threads.fanOut());
    } catch (IOException e) {
      throw new MergeValidationException("lanes: cannot read commit " + commit.name(), e);
    }
    if (!result.passed()) {
      throw new MergeValidationException(
          "lane policy at submit (the platform map changed since the push):\n" + String.join("\n", result.errors()));
    }
  }
}
