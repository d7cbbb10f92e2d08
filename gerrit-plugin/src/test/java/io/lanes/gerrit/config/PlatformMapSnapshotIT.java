package io.lanes.gerrit.config;

import static com.google.common.truth.Truth.assertThat;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.RefNames;
import com.google.gerrit.extensions.client.ListChangesOption;
import com.google.gerrit.server.git.CodeReviewCommit;
import com.google.gerrit.server.git.validators.MergeValidators;
import com.google.inject.Inject;
import io.lanes.gerrit.LanesDaemonTest;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.Test;

/**
 * {@link PlatformMaps} on a real in-process Gerrit: one snapshot per state of {@code refs/meta/config}, shared by
 * every {@code ProjectState} the project cache hands out for it and by every entry point, and a new one once {@code
 * refs/meta/config} moves.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class PlatformMapSnapshotIT extends LanesDaemonTest {
  @Inject private MergeValidators mergeValidators;

  @Test
  public void theSameProjectStateGivesTheSameSnapshot() throws Exception {
    pushMap(MAP).assertOkStatus();
    PlatformMaps maps = platformMaps();

    PlatformMapSnapshot first = maps.snapshot(projectCache.get(project).orElseThrow());
    PlatformMapSnapshot second = maps.snapshot(projectCache.get(project).orElseThrow());

    assertThat(second).isSameInstanceAs(first);
    assertThat(maps.snapshot(project)).isSameInstanceAs(first);
    assertThat(first.revision()).hasValue(metaConfigTip());
    assertThat(first.map().platforms().keySet()).containsExactly("acme", "globex");
  }

  @Test
  public void aNewMapInRefsMetaConfigGivesANewSnapshot() throws Exception {
    pushMap(MAP).assertOkStatus();
    PlatformMaps maps = platformMaps();
    PlatformMapSnapshot before = maps.snapshot(project);

    pushMap(MAP.replace("openedx-globex", "openedx-globex-2")).assertOkStatus();
    PlatformMapSnapshot after = maps.snapshot(project);

    assertThat(after).isNotSameInstanceAs(before);
    assertThat(after.revision()).hasValue(metaConfigTip());
    assertThat(after.revision()).isNotEqualTo(before.revision());
    assertThat(after.map().platform("globex").orElseThrow().namespace()).isEqualTo("openedx-globex-2");
    assertThat(before.map().platform("globex").orElseThrow().namespace()).isEqualTo("openedx-globex");
    assertThat(maps.snapshot(project)).isSameInstanceAs(after);
  }

  @Test
  public void aMapWrittenPastValidationIsReadAgainWithItsProblems() throws Exception {
    pushMap(MAP).assertOkStatus();
    PlatformMaps maps = platformMaps();
    PlatformMapSnapshot valid = maps.snapshot(project);

    writeMapBypassingValidation(GLOBEX_BROKEN);
    PlatformMapSnapshot invalid = maps.snapshot(project);

    assertThat(valid.valid()).isTrue();
    assertThat(invalid).isNotSameInstanceAs(valid);
    assertThat(invalid.valid()).isFalse();
    assertThat(invalid.problems().stream().map(Object::toString)).containsExactly(GLOBEX_PROBLEM);
  }

  @Test
  public void everyEntryPointOnAnUnchangedMapReadsItNoMore() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    PlatformMaps maps = platformMaps();
    PlatformMapSnapshot snapshot = maps.snapshot(project);
    long reads = maps.reads();

    PushOneCommit.Result change = pushCleanChangeToAcme();
    push("refs/for/platform/acme", Map.of("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING))
        .assertErrorStatus("lane policy: 1 violation on platform acme");
    checkout("platform/acme");
    push("refs/heads/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).assertOkStatus();
    adminRestSession.get("/projects/" + project.get() + "/lanes~platforms").assertOK();
    adminRestSession
        .get("/changes/" + change.getChange().getId().get() + "/revisions/current/lanes~target")
        .assertOK();
    gApi.changes().id(change.getChangeId()).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    validatePreMerge(change, "platform/acme");

    assertThat(maps.reads()).isEqualTo(reads);
    assertThat(maps.snapshot(project)).isSameInstanceAs(snapshot);
  }

  /** Runs Gerrit's pre-merge validation of {@code change} into {@code branch}, as submit does. */
  private void validatePreMerge(PushOneCommit.Result change, String branch) throws Exception {
    try (Repository repo = repoManager.openRepository(project);
        CodeReviewCommit.CodeReviewRevWalk revWalk = CodeReviewCommit.newRevWalk(repo)) {
      mergeValidators.validatePreMerge(
          repo,
          revWalk,
          revWalk.parseCommit(change.getCommit()),
          projectCache.get(project).orElseThrow(),
          BranchNameKey.create(project, branch),
          change.getPatchSetId(),
          identifiedUserFactory.create(admin.id()));
    }
  }

  private PlatformMaps platformMaps() {
    return plugin.getSysInjector().getInstance(PlatformMaps.class);
  }

  private ObjectId metaConfigTip() throws Exception {
    try (Repository repo = repoManager.openRepository(project)) {
      return repo.exactRef(RefNames.REFS_CONFIG).getObjectId();
    }
  }
}
