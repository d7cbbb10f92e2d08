package io.lanes.gerrit;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.extensions.api.changes.ReviewInput;
import com.google.gerrit.extensions.common.SubmitRequirementResultInfo;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import java.util.Map;
import org.junit.Test;

/**
 * What the plugin does while {@code lanes.config} is invalid (push validation refuses such a map, so these tests
 * write it straight into the repository, as a map from before the plugin or from an older version of it would be):
 * every branch under {@code platform/} is closed, naming the map's problems, until the map is fixed; other branches
 * and {@code refs/meta/config} stay open.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class InvalidMapIT extends LanesDaemonTest {
  /** A map whose only platform is broken: the reader drops it, leaving a map with no platform. */
  private static final String ONLY_PLATFORM_BROKEN =
      "[platform \"initech\"]\n  cluster = prod\n[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n";

  @Test
  public void targetAnswersConflictNamingEveryProblemWhileTheMapIsInvalid() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    PushOneCommit.Result change = pushCleanChangeToAcme();
    writeMapBypassingValidation(GLOBEX_BROKEN);

    RestResponse response =
        adminRestSession.get("/changes/" + change.getChange().getId().get() + "/revisions/current/lanes~target");

    response.assertConflict();
    assertThat(response.getEntityContent()).isEqualTo("lanes.config is invalid:\n" + GLOBEX_PROBLEM);
  }

  @Test
  public void pushToAWellFormedPlatformIsRejectedNamingTheMapsProblems() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    writeMapBypassingValidation(GLOBEX_BROKEN);

    PushOneCommit.Result result = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));

    assertRejected(
        result,
        "lanes.config in refs/meta/config is invalid: fix it before pushing to platform branches",
        "lanes.config: " + GLOBEX_PROBLEM);
  }

  @Test
  public void branchOfAPlatformTheMapDroppedStaysGuarded() throws Exception {
    // Without the rule, a map whose only platform is broken declares no platform, and nothing would be checked.
    commitBypassingValidation("platform/initech", Map.of("README", "before the map\n"));
    writeMapBypassingValidation(ONLY_PLATFORM_BROKEN);
    checkout("platform/initech");

    PushOneCommit.Result result =
        push(
            "refs/heads/platform/initech",
            Map.of("env/k8s/pod.yml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: true}\n"));

    assertRejected(
        result,
        "lanes.config in refs/meta/config is invalid",
        "lanes.config: platform.initech.namespace: missing (required)");
  }

  @Test
  public void otherBranchesAndTheFixOfTheMapStayOpen() throws Exception {
    pushMapAndCreatePlatformBranch("acme");
    writeMapBypassingValidation(GLOBEX_BROKEN);
    checkout("master");
    push("refs/heads/master", Map.of("README", "still open\n")).assertOkStatus();

    pushMap(MAP).assertOkStatus();

    checkout("platform/acme");
    push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST)).assertOkStatus();
  }

  @Test
  public void gateIsUnsatisfiedNamingTheMapAndSubmitIsRefused() throws Exception {
    configureLanesDeploy();
    pushMapAndCreatePlatformBranch("globex");
    PushOneCommit.Result change =
        push("refs/for/platform/globex", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST.replace("/acme/", "/globex/")));
    change.assertOkStatus();
    gApi.changes().id(change.getChangeId()).current().review(ReviewInput.approve());
    writeMapBypassingValidation(GLOBEX_BROKEN);

    SubmitRequirementResultInfo gate = lanesDeploy(change.getChangeId());
    assertThat(gate.status).isEqualTo(SubmitRequirementResultInfo.Status.UNSATISFIED);
    assertThat(gate.submittabilityExpressionResult.atomExplanations.get("has:deployable_lanes"))
        .isEqualTo("lanes.config in refs/meta/config is invalid: fix it first; lanes.config: " + GLOBEX_PROBLEM);
    ResourceConflictException e =
        assertThrows(
            ResourceConflictException.class, () -> gApi.changes().id(change.getChangeId()).current().submit());
    assertThat(e.getMessage()).contains("Lanes-Deploy");
  }
}
