package io.lanes.gerrit.validation;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.GitUtil;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.extensions.api.projects.BranchInput;
import com.google.gerrit.extensions.restapi.RestApiException;
import io.lanes.gerrit.LanesDaemonTest;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.Test;

/**
 * Push validation over the whole range, on a real in-process Gerrit: whatever the path (for review or direct, a
 * merge with the binding on either parent, a commit already on another branch, a force push, a branch created over
 * REST), the tree that would land is checked against the platform branch's tip. Each test is a probe of issue 18 that
 * the plugin let through when it compared a commit with its first parent only.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class RangeValidationIT extends LanesDaemonTest {
  private static final String ACME = "refs/heads/platform/acme";

  /** The branch tip after a clean commit on platform/acme. */
  private RevCommit acmeTip;

  /** A commit on master (which Lanes does not guard) that adds the cluster-admin binding. */
  private RevCommit bindingOnMaster;

  /** Map, platform/acme with one clean commit, master with the binding; testRepo knows all three. */
  private void setUpBranches() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    acmeTip = push(ACME, Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).getCommit();
    checkout("master");
    bindingOnMaster = push("refs/heads/master", Map.of("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING)).getCommit();
  }

  /** A merge of {@code first} and {@code second}, holding both sides' files, with a Change-Id. */
  private RevCommit merge(RevCommit first, RevCommit second) throws Exception {
    return testRepo
        .commit()
        .parent(first)
        .parent(second)
        .add("env/k8s/apps.yml", CLEAN_MANIFEST)
        .add("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING)
        .message("Merge master into platform/acme")
        .insertChangeId()
        .create();
  }

  private PushResult pushCommit(RevCommit commit, String ref, boolean force) throws Exception {
    return GitUtil.pushOne(testRepo, commit.name(), ref, false, force, List.of());
  }

  @Test
  public void mergeWithTheBindingOnTheFirstParentAndTheTipSecondIsRejectedForReview() throws Exception {
    setUpBranches();

    PushResult result = pushCommit(merge(bindingOnMaster, acmeTip), "refs/for/platform/acme", false);

    assertPushRejected(
        result, "refs/for/platform/acme", "lane policy: 1 violation on platform acme", CLUSTER_ADMIN_BINDING_ERROR);
  }

  @Test
  public void mergeWithTheTipFirstAndTheBindingSecondIsRejectedForReview() throws Exception {
    setUpBranches();

    PushResult result = pushCommit(merge(acmeTip, bindingOnMaster), "refs/for/platform/acme", false);

    assertPushRejected(
        result, "refs/for/platform/acme", "lane policy: 1 violation on platform acme", CLUSTER_ADMIN_BINDING_ERROR);
  }

  @Test
  public void directPushOfAMergeWithTheBindingOnTheFirstParentIsRejected() throws Exception {
    setUpBranches();

    PushResult result = pushCommit(merge(bindingOnMaster, acmeTip), ACME, false);

    assertPushRejected(result, ACME, "lane policy: 1 violation on platform acme", CLUSTER_ADMIN_BINDING_ERROR);
  }

  @Test
  public void directPushOfACommitAlreadyOnAnotherBranchIsRejected() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    checkout("master");
    RevCommit onMaster =
        push("refs/heads/master", Map.of("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING)).getCommit();

    // A fast-forward of platform/acme to a commit Gerrit has already seen: no new commit to validate.
    PushResult result = pushCommit(onMaster, ACME, false);

    assertPushRejected(result, ACME, "lane policy: 1 violation on platform acme", CLUSTER_ADMIN_BINDING_ERROR);
  }

  @Test
  public void forcePushBackToACommitWhoseViolationTheTipFixedIsRejected() throws Exception {
    RevCommit old =
        commitBypassingValidation("platform/acme", Map.of("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING));
    pushMap(MAP).assertOkStatus();
    allowForcePush();
    checkout("platform/acme");
    PushOneCommit fix =
        pushFactory.create(admin.newIdent(), testRepo, "Drop the binding", "env/k8s/rbac.yml", "");
    fix.rm(ACME).assertOkStatus();

    PushResult result = pushCommit(old, ACME, true);

    assertPushRejected(result, ACME, "lane policy: 1 violation on platform acme", CLUSTER_ADMIN_BINDING_ERROR);
  }

  @Test
  public void forcePushToACleanCommitGoesThrough() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    allowForcePush();
    RevCommit first = push(ACME, Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).getCommit();
    push(ACME, Map.of("env/k8s/cms.yml", CLEAN_MANIFEST.replace("name: lms", "name: cms"))).assertOkStatus();

    PushResult result = pushCommit(first, ACME, true);

    assertThat(result.getRemoteUpdate(ACME).getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
  }

  @Test
  public void creatingAPlatformBranchOverRestFromACommitWithTheBindingIsRefused() throws Exception {
    pushMap(MAP).assertOkStatus();
    checkout("master");
    RevCommit onMaster =
        push("refs/heads/master", Map.of("env/k8s/rbac.yml", CLUSTER_ADMIN_BINDING)).getCommit();
    BranchInput input = new BranchInput();
    input.revision = onMaster.name();

    RestApiException e =
        assertThrows(
            RestApiException.class,
            () -> gApi.projects().name(project.get()).branch("platform/globex").create(input));

    assertThat(e).hasMessageThat().contains("lane policy: 1 violation on platform globex");
  }

  @Test
  public void aChangeOnAnOlderTipIsJudgedOnItsOwnEditsAgainstTheTip() throws Exception {
    // An old commit had a violation the tip has since fixed; a change based on the old commit that leaves that file
    // alone does not bring it back (merging keeps the tip's version), so it passes.
    RevCommit old = commitBypassingValidation("platform/acme", Map.of("env/k8s/pod.yml", HOST_NETWORK_POD));
    pushMap(MAP).assertOkStatus();
    checkout("platform/acme");
    push(ACME, Map.of("env/k8s/pod.yml", CLEAN_MANIFEST)).assertOkStatus();
    testRepo.reset(old);

    PushOneCommit.Result ownEdits = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));
    ownEdits.assertOkStatus();
    testRepo.reset(old);
    PushOneCommit.Result touchesIt =
        push("refs/for/platform/acme", Map.of("env/k8s/pod.yml", HOST_NETWORK_POD + "  hostPID: true\n"));

    assertRejected(
        touchesIt,
        "lane policy: 2 violations on platform acme",
        "env/k8s/pod.yml:1: Pod/debug: hostNetwork shares the node's namespaces",
        "env/k8s/pod.yml:1: Pod/debug: hostPID shares the node's namespaces");
  }

  @Test
  public void aPlatformBranchStaysClosedWhileTheProjectHasNoMap() throws Exception {
    commitBypassingValidation("platform/acme", Map.of("README", "before the map\n"));
    checkout("platform/acme");

    PushOneCommit.Result result = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));

    assertRejected(
        result,
        "platform/acme is closed: lanes.config in refs/meta/config maps no platform (push a platform map first)");
  }

  @Test
  public void aMapWithoutPlatformsIsRefusedAndTheLastValidMapStays() throws Exception {
    pushMapAndCreatePlatformBranch("acme");

    PushOneCommit.Result emptied = pushMap("[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n");

    emptied.assertErrorStatus();
    emptied.assertMessage("lanes.config: declares no platform");
    checkout("platform/acme");
    push(ACME, Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).assertOkStatus();
  }

  @Test
  public void deletingLanesConfigIsRefusedDirectAndForReview() throws Exception {
    RevCommit map = pushMap(MAP).getCommit();

    PushOneCommit.Result direct =
        pushFactory
            .create(admin.newIdent(), testRepo, "Delete the map", "lanes.config", "")
            .rm("refs/meta/config");
    testRepo.reset(map);
    PushOneCommit.Result forReview =
        pushFactory
            .create(admin.newIdent(), testRepo, "Delete the map", "lanes.config", "")
            .rm("refs/for/refs/meta/config");

    direct.assertErrorStatus();
    direct.assertMessage(MapCommitCheck.DELETED);
    assertRejected(forReview, "lanes.config has 1 problem", MapCommitCheck.DELETED);
  }

  @Test
  public void aPlatformInAReservedNamespaceIsRefused() throws Exception {
    PushOneCommit.Result result = pushMap(MAP.replace("namespace = openedx-acme", "namespace = kube-system"));

    result.assertErrorStatus();
    result.assertMessage(
        "lanes.config: platform.acme.namespace: \"kube-system\" is reserved for Kubernetes (default,"
            + " kube-node-lease, kube-public, kube-system and any kube-* namespace)");
  }

  @Test
  public void aPlatformAllowedAnotherPlatformsImagesIsRefused() throws Exception {
    PushOneCommit.Result result =
        pushMap(MAP.replace("allowedImage = docker.io/library/redis:", "allowedImage = localhost:5000/acme/"));

    result.assertErrorStatus();
    result.assertMessage(
        "lanes.config: platform.globex.allowedImage: \"localhost:5000/acme/\" covers images of platform acme"
            + " (localhost:5000/acme/): a platform may use only its own images and shared ones");
  }

  @Test
  public void aProjectVariantAttachingAnotherPlatformsSecretOrNamespaceIsRejected() throws Exception {
    pushMapAndCreatePlatformBranch("acme");

    PushOneCommit.Result result =
        push(
            "refs/for/platform/acme",
            Map.of(
                "zuul.d/project.yaml",
                """
                - project:
                    vars: {lanes_namespace: openedx-globex}
                    promote:
                      jobs:
                        - acme-deploy:
                            secrets: [{name: kube, secret: globex-kubeconfig}]
                """));

    assertRejected(
        result,
        "lane policy: 2 violations on platform acme",
        "zuul.d/project.yaml:1: project/(unnamed): vars.lanes_namespace sets namespace \"openedx-globex\" of"
            + " platform globex",
        "zuul.d/project.yaml:1: project/(unnamed): promote.acme-deploy.secrets uses secret \"globex-kubeconfig\" of"
            + " platform globex");
  }
}
