package io.lanes.gerrit.submit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.server.git.CodeReviewCommit;
import com.google.gerrit.server.git.validators.MergeValidationException;
import com.google.gerrit.server.git.validators.MergeValidators;
import com.google.inject.Inject;
import io.lanes.gerrit.LanesDaemonTest;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.junit.Test;

/**
 * The policy at submit ({@link PolicyAtSubmit}) while {@code lanes.config} is invalid: a merge into a platform branch
 * is refused, naming the file and each of its problems.
 *
 * <p>A real submit cannot show it: while the map is invalid the {@code Lanes-Deploy} submit rule is unsatisfied and
 * Gerrit refuses the submit before any merge is attempted ({@code InvalidMapIT} covers that). So these tests call
 * Gerrit's own pre-merge validation chain, {@link MergeValidators}, which submit runs for every merge and which
 * calls every plugin's {@code MergeValidationListener}, with what submit would give it: the project's repository,
 * a {@code CodeReviewRevWalk}, the change's commit, the project state from the cache, the platform branch, the patch
 * set and the submitting user, all from the same in-process Gerrit.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class PolicyAtSubmitIT extends LanesDaemonTest {
  @Inject private MergeValidators mergeValidators;

  @Test
  public void mergeIntoAPlatformBranchIsRefusedNamingLanesConfigAndItsProblem() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    PushOneCommit.Result change = pushCleanChangeToAcme();
    writeMapBypassingValidation(GLOBEX_BROKEN);

    MergeValidationException e =
        assertThrows(MergeValidationException.class, () -> validatePreMerge(change, "platform/acme"));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "lanes.config in refs/meta/config is invalid: fix it before submitting to platform branches:\n"
                + GLOBEX_PROBLEM);
  }

  @Test
  public void theSameMergePassesOnceTheMapIsFixed() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    PushOneCommit.Result change = pushCleanChangeToAcme();
    writeMapBypassingValidation(GLOBEX_BROKEN);
    writeMapBypassingValidation(MAP);

    validatePreMerge(change, "platform/acme");
  }

  @Test
  public void mergeIntoABranchOutsidePlatformIsNotRefused() throws Exception {
    PushOneCommit.Result change = push("refs/for/master", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));
    change.assertOkStatus();
    writeMapBypassingValidation(GLOBEX_BROKEN);

    validatePreMerge(change, "master");
  }

  /** Runs Gerrit's pre-merge validation of {@code change}'s current patch set into {@code branch}, as submit does. */
  private void validatePreMerge(PushOneCommit.Result change, String branch) throws Exception {
    try (Repository repo = repoManager.openRepository(project);
        CodeReviewCommit.CodeReviewRevWalk revWalk = CodeReviewCommit.newRevWalk(repo)) {
      CodeReviewCommit commit = revWalk.parseCommit(change.getCommit());
      mergeValidators.validatePreMerge(
          repo,
          revWalk,
          commit,
          projectCache.get(project).orElseThrow(),
          BranchNameKey.create(project, branch),
          change.getPatchSetId(),
          identifiedUserFactory.create(admin.id()));
    }
  }
}
