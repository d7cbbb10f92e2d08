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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** A vote on a change: by an owner of the platform (admin), or by {@code user}, who owns none. */
  private record Vote(String label, int value, boolean byOwner) {
    static Vote owner(String label, int value) {
      return new Vote(label, value, true);
    }

    static Vote nonOwner(String label, int value) {
      return new Vote(label, value, false);
    }
  }

  /**
   * One way through the Lanes-Deploy requirement: a change on {@code platform} under {@code map}, judged at {@code
   * at}. After the {@code given} votes it is unsatisfied, submit is refused, and the requirement explains {@code
   * whyNot} (when given); each {@code lifting} vote but the last leaves it so; after the last it is {@code end}
   * (satisfied, or overridden by an owner's Lanes-Override) and submit goes through.
   */
  private record Gate(
      String what, String map, String platform, Instant at, List<Vote> given, String whyNot, List<Vote> lifting,
      SubmitRequirementResultInfo.Status end) {}

  private static final String GLOBEX_FROZEN =
      MAP.replace("allowedImage = docker.io/library/redis:", "freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z");

  /** Verified+1 and Code-Review+2, both by an owner. */
  private static final List<Vote> APPROVED = List.of(Vote.owner("Verified", 1), Vote.owner("Code-Review", 2));

  private static final SubmitRequirementResultInfo.Status SATISFIED = SubmitRequirementResultInfo.Status.SATISFIED;
  private static final SubmitRequirementResultInfo.Status OVERRIDDEN = SubmitRequirementResultInfo.Status.OVERRIDDEN;

  private static final List<Gate> GATES =
      List.of(
          new Gate("an unprotected platform needs Verified", MAP, "globex", BEFORE_FREEZE,
              List.of(Vote.owner("Code-Review", 2)), "needs Verified+1", List.of(Vote.owner("Verified", 1)), SATISFIED),
          new Gate("a protected platform needs Code-Review from an owner", MAP, "acme", BEFORE_FREEZE,
              List.of(Vote.owner("Verified", 1), Vote.nonOwner("Code-Review", 2)),
              "needs Code-Review+2 from a member of Administrators (platform acme is protected)",
              List.of(Vote.owner("Code-Review", 2)), SATISFIED),
          new Gate("an active freeze blocks until an owner overrides", MAP, "acme", IN_FREEZE, APPROVED,
              "platform acme is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                  + " Lanes-Override+1 by a member of Administrators lifts it)",
              List.of(Vote.nonOwner("Lanes-Override", 1), Vote.owner("Lanes-Override", 1)), OVERRIDDEN),
          new Gate("on a platform without ownerGroup an administrator lifts the freeze", GLOBEX_FROZEN, "globex",
              IN_FREEZE, APPROVED, null, List.of(Vote.owner("Lanes-Override", 1)), OVERRIDDEN),
          new Gate("an expired freeze no longer blocks", MAP, "acme", AFTER_FREEZE, APPROVED, null, List.of(),
              SATISFIED));

  @Test
  public void eachGateBlocksUntilItsVotesAndThenSubmits() throws Exception {
    Set<String> branches = new HashSet<>();
    String map = MAP;
    for (Gate gate : GATES) {
      SettableTimeModule.now = BEFORE_FREEZE;
      if (!gate.map().equals(map)) {
        pushMap(gate.map()).assertOkStatus();
        map = gate.map();
      }
      if (branches.add(gate.platform())) {
        createPlatformBranch(gate.platform());
      } else {
        checkout("platform/" + gate.platform());
      }
      String manifest = CLEAN_MANIFEST.replace("/acme/", "/" + gate.platform() + "/");
      PushOneCommit.Result change =
          push("refs/for/platform/" + gate.platform(), Map.of("env/k8s/gate-" + GATES.indexOf(gate) + ".yml", manifest));
      change.assertOkStatus();
      String id = change.getChangeId();
      for (Vote vote : gate.given()) {
        vote(id, vote);
      }
      SettableTimeModule.now = gate.at();

      try {
        if (gate.whyNot() != null) {
          assertThat(whyNot(id)).isEqualTo(gate.whyNot());
        }
        for (Vote vote : gate.lifting()) {
          assertUnsatisfiedAndSubmitBlocked(id);
          vote(id, vote);
        }
        assertThat(status(id)).isEqualTo(gate.end());
        gApi.changes().id(id).current().submit();
      } catch (AssertionError e) {
        throw new AssertionError(gate.what() + ": " + e.getMessage(), e);
      }
      assertThat(gApi.changes().id(id).get().status.name()).isEqualTo("MERGED");
    }
  }

  private void vote(String changeId, Vote vote) throws Exception {
    if (vote.byOwner()) {
      vote(changeId, vote.label(), vote.value());
    } else {
      voteAsNonOwner(changeId, vote.label(), vote.value());
    }
  }

  @Test
  public void onAPlatformWithoutOwnerGroupOnlyAProjectOwnerLiftsTheFreeze() throws Exception {
    pushMap(GLOBEX_FROZEN).assertOkStatus();
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
