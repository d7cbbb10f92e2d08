package io.lanes.gerrit.submit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allow;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allowLabel;
import static com.google.gerrit.server.group.SystemGroupBackend.REGISTERED_USERS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.GitUtil;
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

/** The Lanes-Deploy submit requirement and the policy at submit, on a real in-process Gerrit with a settable clock. */
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

  private SubmitRequirementResultInfo.Status lanesDeploy(String changeId) throws Exception {
    ChangeInfo info = gApi.changes().id(changeId).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    return info.submitRequirements.stream()
        .filter(r -> r.name.equals("Lanes-Deploy"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Lanes-Deploy in " + info.submitRequirements))
        .status;
  }

  /** The reasons Lanes-Deploy gives, from the change's submit records. */
  private java.util.List<String> lanesDeployReasons(String changeId) throws Exception {
    ChangeInfo info = gApi.changes().id(changeId).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    return info.submitRecords.stream()
        .filter(r -> "Lanes-Deploy".equals(r.ruleName) && r.requirements != null)
        .flatMap(r -> r.requirements.stream())
        .map(r -> r.fallbackText)
        .toList();
  }

  /** Lanes-Deploy is satisfied, and submit goes through. */
  private void assertSatisfiedAndSubmit(String changeId) throws Exception {
    assertThat(lanesDeploy(changeId)).isEqualTo(SubmitRequirementResultInfo.Status.SATISFIED);
    gApi.changes().id(changeId).current().submit();
  }

  /** Lanes-Deploy is unsatisfied, and submit is refused naming it. */
  private void assertUnsatisfiedAndSubmitBlocked(String changeId) throws Exception {
    assertThat(lanesDeploy(changeId)).isEqualTo(SubmitRequirementResultInfo.Status.UNSATISFIED);
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
   * One way through the Lanes-Deploy gate: a change on {@code platform} under {@code map}, judged at {@code at}.
   * After the {@code given} votes it is unsatisfied and submit is refused; each {@code lifting} vote but the last
   * leaves it so; after the last it is satisfied and submit goes through (with no lifting vote, at once).
   */
  private record Gate(String what, String map, String platform, Instant at, List<Vote> given, List<Vote> lifting) {}

  private static final String GLOBEX_FROZEN =
      MAP.replace("allowedImage = docker.io/library/redis:", "freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z");

  /** Verified+1 and Code-Review+2, both by an owner. */
  private static final List<Vote> APPROVED = List.of(Vote.owner("Verified", 1), Vote.owner("Code-Review", 2));

  private static final List<Gate> GATES =
      List.of(
          new Gate("an unprotected platform needs Verified", MAP, "globex", BEFORE_FREEZE,
              List.of(Vote.owner("Code-Review", 2)), List.of(Vote.owner("Verified", 1))),
          new Gate("a protected platform needs Code-Review from an owner", MAP, "acme", BEFORE_FREEZE,
              List.of(Vote.owner("Verified", 1), Vote.nonOwner("Code-Review", 2)), List.of(Vote.owner("Code-Review", 2))),
          new Gate("an active freeze blocks until an owner overrides", MAP, "acme", IN_FREEZE, APPROVED,
              List.of(Vote.nonOwner("Lanes-Override", 1), Vote.owner("Lanes-Override", 1))),
          new Gate("on a platform without ownerGroup an administrator lifts the freeze", GLOBEX_FROZEN, "globex",
              IN_FREEZE, APPROVED, List.of(Vote.owner("Lanes-Override", 1))),
          new Gate("an expired freeze no longer blocks", MAP, "acme", AFTER_FREEZE, APPROVED, List.of()));

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
        for (Vote vote : gate.lifting()) {
          assertUnsatisfiedAndSubmitBlocked(id);
          vote(id, vote);
        }
        assertSatisfiedAndSubmit(id);
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
    assertThat(lanesDeployReasons(id))
        .contains(
            "platform globex is frozen until 2026-12-27T00:00:00Z (freeze 2026-12-24T00:00Z/2026-12-27T00:00Z;"
                + " Lanes-Override+1 by a project owner lifts it)");

    requestScopeOperations.setApiUser(projectOwner.id());
    vote(id, "Lanes-Override", 1);
    requestScopeOperations.setApiUser(admin.id());
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

    ChangeInfo info = gApi.changes().id(result.getChangeId()).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    assertThat(info.submitRequirements.stream().map(r -> r.name).toList()).doesNotContain("Lanes-Deploy");
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
