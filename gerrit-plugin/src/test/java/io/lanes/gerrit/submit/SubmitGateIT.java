package io.lanes.gerrit.submit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allow;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allowLabel;
import static com.google.gerrit.server.group.SystemGroupBackend.REGISTERED_USERS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.GitUtil;
import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.config.GerritConfig;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestAccount;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.acceptance.testsuite.group.GroupOperations;
import com.google.gerrit.acceptance.testsuite.request.RequestScopeOperations;
import com.google.gerrit.entities.AccountGroup;
import com.google.gerrit.entities.Permission;
import com.google.gerrit.entities.RefNames;
import com.google.gerrit.extensions.api.changes.ReviewInput;
import com.google.gerrit.extensions.client.ListChangesOption;
import com.google.gerrit.extensions.common.ChangeInfo;
import com.google.gerrit.extensions.common.LabelDefinitionInput;
import com.google.gerrit.extensions.common.SubmitRequirementResultInfo;
import com.google.gerrit.extensions.restapi.ResourceConflictException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.inject.Inject;
import io.lanes.gerrit.LanesDaemonTest;
import io.lanes.gerrit.SettableTimeModule;
import java.time.Instant;
import java.util.Map;
import org.junit.Before;
import org.junit.Test;

/**
 * The Lanes-Deploy submit requirement (project.config, on the plugin's operators, as config.md documents it) and the
 * policy at submit, on a real in-process Gerrit with a settable clock.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.SettableTimeModule")
public class SubmitGateIT extends LanesDaemonTest {
  private static final Instant BEFORE_FREEZE = Instant.parse("2026-11-24T12:00:00Z");
  private static final Instant IN_FREEZE = Instant.parse("2026-12-25T12:00:00Z");
  private static final Instant AFTER_FREEZE = Instant.parse("2026-12-27T00:00:00Z");

  @Inject private RequestScopeOperations requestScopeOperations;
  @Inject private GroupOperations groupOperations;

  @Before
  public void setUpLabelsAndMap() throws Exception {
    SettableTimeModule.now = BEFORE_FREEZE;
    label("Verified");
    label("Lanes-Override");
    projectOperations
        .project(project)
        .forUpdate()
        .add(allowLabel("Verified").ref("refs/*").group(REGISTERED_USERS).range(-1, 1))
        .add(allowLabel("Lanes-Override").ref("refs/*").group(REGISTERED_USERS).range(-1, 1))
        .add(allowLabel("Code-Review").ref("refs/*").group(REGISTERED_USERS).range(-2, 2))
        .update();
    pushMap(MAP).assertOkStatus();
    configureLanesDeploy();
  }

  private void label(String name) throws Exception {
    LabelDefinitionInput input = new LabelDefinitionInput();
    input.values = Map.of("+1", "yes", " 0", "no vote", "-1", "no");
    input.function = "NoBlock";
    gApi.projects().name(project.get()).label(name).create(input);
  }

  private String change(String platform, String manifest) throws Exception {
    createPlatformBranch(platform);
    PushOneCommit.Result result = push("refs/for/platform/" + platform, Map.of("env/k8s/apps.yml", manifest));
    result.assertOkStatus();
    return result.getChangeId();
  }

  private void vote(String changeId, String label, int value) throws Exception {
    gApi.changes().id(changeId).current().review(new ReviewInput().label(label, value));
  }

  /** Votes as {@code user}, who is not in Administrators and so owns no platform; then acts as admin again. */
  private void voteAsNonOwner(String changeId, String label, int value) throws Exception {
    requestScopeOperations.setApiUser(user.id());
    vote(changeId, label, value);
    requestScopeOperations.setApiUser(admin.id());
  }

  private SubmitRequirementResultInfo.Status status(String changeId) throws Exception {
    return lanesDeploy(changeId).status;
  }

  /** Why Lanes-Deploy's submittableIf fails, as the change's submit requirement result explains it. */
  private String whyNot(String changeId) throws Exception {
    return lanesDeploy(changeId).submittabilityExpressionResult.atomExplanations.get("has:deployable_lanes");
  }

  /** Lanes-Deploy is overridden (an owner lifted the freeze), and submit goes through. */
  private void assertOverriddenAndSubmit(String changeId) throws Exception {
    assertThat(status(changeId)).isEqualTo(SubmitRequirementResultInfo.Status.OVERRIDDEN);
    gApi.changes().id(changeId).current().submit();
  }

  /** Lanes-Deploy is satisfied, and submit goes through. */
  private void assertSatisfiedAndSubmit(String changeId) throws Exception {
    assertThat(status(changeId)).isEqualTo(SubmitRequirementResultInfo.Status.SATISFIED);
    gApi.changes().id(changeId).current().submit();
  }

  /** Lanes-Deploy is unsatisfied, and submit is refused naming it. */
  private void assertUnsatisfiedAndSubmitBlocked(String changeId) throws Exception {
    assertThat(status(changeId)).isEqualTo(SubmitRequirementResultInfo.Status.UNSATISFIED);
    ResourceConflictException e =
        assertThrows(ResourceConflictException.class, () -> gApi.changes().id(changeId).current().submit());
    assertThat(e.getMessage()).contains("Lanes-Deploy");
  }

  @Test
  public void unprotectedPlatformNeedsVerified() throws Exception {
    String id = change("globex", CLEAN_MANIFEST.replace("/acme/", "/globex/"));
    vote(id, "Code-Review", 2);

    assertUnsatisfiedAndSubmitBlocked(id);
    assertThat(whyNot(id)).isEqualTo("needs Verified+1");

    vote(id, "Verified", 1);
    assertSatisfiedAndSubmit(id);
    assertThat(gApi.changes().id(id).get().status.name()).isEqualTo("MERGED");
  }

  @Test
  public void protectedPlatformNeedsCodeReviewFromAnOwner() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);
    vote(id, "Verified", 1);
    voteAsNonOwner(id, "Code-Review", 2);

    assertUnsatisfiedAndSubmitBlocked(id);
    assertThat(whyNot(id))
        .isEqualTo("needs Code-Review+2 from a member of Administrators (platform acme is protected)");

    vote(id, "Code-Review", 2);
    assertSatisfiedAndSubmit(id);
  }

  @Test
  public void activeFreezeBlocksUntilAnOwnerOverrides() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);
    vote(id, "Verified", 1);
    vote(id, "Code-Review", 2);
    SettableTimeModule.now = IN_FREEZE;

    assertUnsatisfiedAndSubmitBlocked(id);
    assertThat(whyNot(id))
        .isEqualTo(
            "platform acme is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Lanes-Override+1 by a member of Administrators lifts it)");

    voteAsNonOwner(id, "Lanes-Override", 1);
    assertThat(status(id)).isEqualTo(SubmitRequirementResultInfo.Status.UNSATISFIED);

    vote(id, "Lanes-Override", 1);
    assertOverriddenAndSubmit(id);
  }

  @Test
  public void onAPlatformWithoutOwnerGroupOnlyAProjectOwnerLiftsTheFreeze() throws Exception {
    pushMap(MAP.replace("allowedImage = docker.io/library/redis:", "freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z"))
        .assertOkStatus();
    String id = change("globex", CLEAN_MANIFEST.replace("/acme/", "/globex/"));
    vote(id, "Verified", 1);
    vote(id, "Code-Review", 2);
    SettableTimeModule.now = IN_FREEZE;
    AccountGroup.UUID owners = groupOperations.newGroup().name("globex-project-owners").create();
    TestAccount projectOwner = accountCreator.create("project-owner", "owner@example.com", "Project Owner", null);
    groupOperations.group(owners).forUpdate().addMember(projectOwner.id()).update();
    projectOperations.project(project).forUpdate().add(allow(Permission.OWNER).ref("refs/*").group(owners)).update();

    voteAsNonOwner(id, "Lanes-Override", 1);
    assertUnsatisfiedAndSubmitBlocked(id);
    assertThat(whyNot(id))
        .isEqualTo(
            "platform globex is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Lanes-Override+1 by a project owner lifts it)");

    requestScopeOperations.setApiUser(projectOwner.id());
    vote(id, "Lanes-Override", 1);
    requestScopeOperations.setApiUser(admin.id());
    assertOverriddenAndSubmit(id);
  }

  @Test
  public void onAPlatformWithoutOwnerGroupAnAdministratorLiftsTheFreeze() throws Exception {
    pushMap(MAP.replace("allowedImage = docker.io/library/redis:", "freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z"))
        .assertOkStatus();
    String id = change("globex", CLEAN_MANIFEST.replace("/acme/", "/globex/"));
    vote(id, "Verified", 1);
    vote(id, "Code-Review", 2);
    SettableTimeModule.now = IN_FREEZE;

    assertUnsatisfiedAndSubmitBlocked(id);

    vote(id, "Lanes-Override", 1);
    assertOverriddenAndSubmit(id);
  }

  @Test
  public void overrideLiftsTheFreezeOnly() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);
    vote(id, "Code-Review", 2);
    SettableTimeModule.now = IN_FREEZE;

    vote(id, "Lanes-Override", 1);

    assertUnsatisfiedAndSubmitBlocked(id);
    assertThat(lanesDeploy(id).overrideExpressionResult.atomExplanations.get("has:freeze-override_lanes"))
        .isEqualTo("the override lifts the freeze only; still: needs Verified+1");
    assertThat(whyNot(id)).isEqualTo("needs Verified+1; frozen until 2026-12-27T00:00:00Z, lifted by admin's override");
  }

  @Test
  public void changeOverRestNamesWhyLanesDeployIsUnsatisfied() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);
    SettableTimeModule.now = IN_FREEZE;

    RestResponse response = adminRestSession.get("/changes/" + id + "?o=SUBMIT_REQUIREMENTS");

    response.assertOK();
    JsonObject lanesDeploy =
        JsonParser.parseString(response.getEntityContent())
            .getAsJsonObject()
            .getAsJsonArray("submit_requirements")
            .asList()
            .stream()
            .map(JsonElement::getAsJsonObject)
            .filter(r -> r.get("name").getAsString().equals("Lanes-Deploy"))
            .findFirst()
            .orElseThrow();
    assertThat(lanesDeploy.get("status").getAsString()).isEqualTo("UNSATISFIED");
    JsonObject submittability = lanesDeploy.getAsJsonObject("submittability_expression_result");
    assertThat(submittability.get("expression").getAsString()).isEqualTo("has:deployable_lanes");
    assertThat(submittability.getAsJsonObject("atom_explanations").get("has:deployable_lanes").getAsString())
        .isEqualTo(
            "needs Verified+1; needs Code-Review+2 from a member of Administrators (platform acme is protected);"
                + " platform acme is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Lanes-Override+1 by a member of Administrators lifts it)");
  }

  @Test
  public void withoutTheSettingNoLegacySubmitRecordIsGiven() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);

    ChangeInfo info = gApi.changes().id(id).get(ListChangesOption.SUBMIT_REQUIREMENTS);

    assertThat(info.submitRecords.stream().map(r -> r.ruleName).toList()).doesNotContain("Lanes-Deploy");
    assertThat(info.submitRequirements.stream().filter(r -> r.name.equals("Lanes-Deploy")).map(r -> r.isLegacy))
        .containsExactly(false);
  }

  @Test
  @GerritConfig(name = "plugin.lanes.legacySubmitRule", value = "true")
  public void legacySubmitRuleGatesWhenTheSettingAsksForIt() throws Exception {
    clearSubmitRequirements(project);
    String id = change("globex", CLEAN_MANIFEST.replace("/acme/", "/globex/"));
    vote(id, "Code-Review", 2);

    assertUnsatisfiedAndSubmitBlocked(id);
    ChangeInfo info = gApi.changes().id(id).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    assertThat(
            info.submitRecords.stream()
                .filter(r -> "Lanes-Deploy".equals(r.ruleName) && r.requirements != null)
                .flatMap(r -> r.requirements.stream())
                .map(r -> r.fallbackText)
                .toList())
        .containsExactly("needs Verified+1");

    vote(id, "Verified", 1);
    assertSatisfiedAndSubmit(id);
  }

  @Test
  public void expiredFreezeNoLongerBlocks() throws Exception {
    String id = change("acme", CLEAN_MANIFEST);
    vote(id, "Verified", 1);
    vote(id, "Code-Review", 2);
    SettableTimeModule.now = AFTER_FREEZE;

    assertSatisfiedAndSubmit(id);
  }

  @Test
  public void neverAppliesToRefsMetaConfig() throws Exception {
    GitUtil.fetch(testRepo, RefNames.REFS_CONFIG + ":" + RefNames.REFS_CONFIG);
    testRepo.reset(RefNames.REFS_CONFIG);
    PushOneCommit.Result result =
        pushFactory
            .create(
                admin.newIdent(),
                testRepo,
                "Unfreeze",
                "lanes.config",
                MAP.replace("  freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z\n", ""))
            .to("refs/for/" + RefNames.REFS_CONFIG);
    result.assertOkStatus();
    SettableTimeModule.now = IN_FREEZE;
    vote(result.getChangeId(), "Code-Review", 2);

    assertThat(lanesDeploy(result.getChangeId()).status).isEqualTo(SubmitRequirementResultInfo.Status.NOT_APPLICABLE);
    gApi.changes().id(result.getChangeId()).current().submit();
  }

  @Test
  public void policyRunsAgainAtSubmitAgainstTheCurrentMap() throws Exception {
    String id =
        change(
            "globex",
            CLEAN_MANIFEST.replace("localhost:5000/acme/openedx:change-1-ps-1", "redis:7"));
    vote(id, "Verified", 1);
    vote(id, "Code-Review", 2);
    pushMap(MAP.replace("  allowedImage = docker.io/library/redis:\n", "")).assertOkStatus();

    ResourceConflictException e =
        assertThrows(ResourceConflictException.class, () -> gApi.changes().id(id).current().submit());
    assertThat(e.getMessage())
        .contains(PolicyAtSubmit.REFUSED + ": lane policy: 1 violation on platform globex");
    assertThat(e.getMessage())
        .contains("env/k8s/apps.yml:1: Deployment/lms: container \"lms\" image \"redis:7\" is not allowed");
  }
}
