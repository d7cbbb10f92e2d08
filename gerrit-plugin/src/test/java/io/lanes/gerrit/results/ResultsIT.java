package io.lanes.gerrit.results;

import static com.google.common.truth.Truth.assertThat;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allow;

import com.google.gerrit.acceptance.GitUtil;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.acceptance.config.GerritConfig;
import com.google.gerrit.acceptance.testsuite.group.GroupOperations;
import com.google.gerrit.entities.AccountGroup;
import com.google.gerrit.entities.PatchSet;
import com.google.gerrit.entities.Permission;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.inject.Inject;
import io.lanes.gerrit.LanesDaemonTest;
import java.util.Map;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.junit.Before;
import org.junit.Test;

/** Stage results reported by the Zuul service user, on a real in-process Gerrit. */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class ResultsIT extends LanesDaemonTest {
  private static final String RENDER =
      "{\"stage\": \"render\", \"status\": \"PASSED\", \"summary\": \"3 objects changed in openedx-acme\","
          + " \"url\": \"https://zuul.example.org/build/1/preview.md\","
          + " \"items\": [\"Deployment/lms changed\", \"ConfigMap/openedx-config changed\", \"Service/cms added\"]}";

  @Inject private GroupOperations groupOperations;

  private PushOneCommit.Result change;

  @Before
  public void setUpChangeAndZuulUser() throws Exception {
    AccountGroup.UUID zuul = groupOperations.newGroup().name("zuul-reporters").create();
    groupOperations.group(zuul).forUpdate().addMember(user.id()).update();
    pushMapAndCreatePlatformBranch("acme");
    change = pushCleanChangeToAcme();
  }

  private String resultsUrl() {
    return "/changes/" + change.getChange().getId().get() + "/revisions/current/lanes~results";
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void reportedStagesAreStoredPerPatchSetInTheRepository() throws Exception {
    userRestSession.post(resultsUrl(), JsonParser.parseString(RENDER)).assertOK();
    userRestSession
        .post(resultsUrl(), JsonParser.parseString(
            "{\"stage\": \"deploy\", \"status\": \"PASSED\", \"summary\": \"release 4 of acme\", \"release\": 4}"))
        .assertOK();
    userRestSession
        .post(resultsUrl(), JsonParser.parseString(RENDER.replace("3 objects changed", "2 objects changed")))
        .assertOK();

    RestResponse response = adminRestSession.get(resultsUrl());

    response.assertOK();
    JsonObject results = JsonParser.parseString(response.getEntityContent()).getAsJsonObject();
    assertThat(results.keySet()).containsExactly("render", "deploy").inOrder();
    JsonObject render = results.getAsJsonObject("render");
    assertThat(render.get("summary").getAsString()).isEqualTo("2 objects changed in openedx-acme");
    assertThat(render.get("reported_by").getAsString()).isEqualTo(user.username());
    assertThat(render.getAsJsonArray("items").size()).isEqualTo(3);
    assertThat(results.getAsJsonObject("deploy").get("release").getAsInt()).isEqualTo(4);
    PatchSet.Id patchSet = change.getPatchSetId();
    try (Repository repo = repoManager.openRepository(project)) {
      Ref ref = repo.exactRef(ResultStore.refName(patchSet));
      assertThat(ref).isNotNull();
      assertThat(ref.getName())
          .isEqualTo(
              "refs/lanes/results/" + String.format("%02d", patchSet.changeId().get() % 100) + "/"
                  + patchSet.changeId().get() + "/1");
    }
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void someoneOutsideTheReportingGroupIsRefused() throws Exception {
    RestResponse response = adminRestSession.post(resultsUrl(), JsonParser.parseString(RENDER));

    response.assertForbidden();
    assertThat(response.getEntityContent())
        .isEqualTo("lanes: only members of zuul-reporters report stage results (plugin.lanes.reportingGroup)");
    assertThat(JsonParser.parseString(adminRestSession.get(resultsUrl()).getEntityContent()).getAsJsonObject().size())
        .isEqualTo(0);
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void invalidReportIsRefusedNamingEveryFieldAndNothingIsStored() throws Exception {
    RestResponse response =
        userRestSession.post(
            resultsUrl(),
            JsonParser.parseString(
                "{\"stage\": \"lint\", \"status\": \"OK\", \"summary\": \"two\\nlines\","
                    + " \"url\": \"file:///etc/passwd\", \"release\": 3}"));

    response.assertBadRequest();
    assertThat(response.getEntityContent())
        .isEqualTo(
            "lanes: invalid stage result:\n"
                + "stage: \"lint\" is not one of render, images, preview, deploy, backup\n"
                + "status: \"OK\" is not one of RUNNING, PASSED, FAILED\n"
                + "summary: one line of text without control characters\n"
                + "url: not an http(s) URL of at most 2000 characters without spaces\n"
                + "release: only a deploy reports a release");
    try (Repository repo = repoManager.openRepository(project)) {
      assertThat(repo.exactRef(ResultStore.refName(change.getPatchSetId()))).isNull();
    }
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void aPassedPreviewMustNameItsAddress() throws Exception {
    String preview = "{\"stage\": \"preview\", \"status\": \"PASSED\", \"summary\": \"preview of acme in"
        + " openedx-acme-c1\"";

    RestResponse missing = userRestSession.post(resultsUrl(), JsonParser.parseString(preview + "}"));
    RestResponse given =
        userRestSession.post(
            resultsUrl(), JsonParser.parseString(preview + ", \"url\": \"http://acme-c1.preview.example.org\"}"));

    missing.assertBadRequest();
    assertThat(missing.getEntityContent())
        .isEqualTo("lanes: invalid stage result:\nurl: missing: a PASSED preview names the preview's address");
    given.assertOK();
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void platformBackupsAndDrillsAreKeptPerPlatformAndShownInTheOverview() throws Exception {
    String url = "/projects/" + project.get() + "/lanes~platform-results";
    userRestSession
        .post(url, JsonParser.parseString(
            "{\"platform\": \"acme\", \"stage\": \"drill\", \"status\": \"PASSED\", \"summary\": \"RTO 12 minutes\"}"))
        .assertOK();

    RestResponse overview = adminRestSession.get("/projects/" + project.get() + "/lanes~overview");
    JsonObject acme =
        JsonParser.parseString(overview.getEntityContent())
            .getAsJsonObject()
            .getAsJsonArray("platforms")
            .get(0)
            .getAsJsonObject();
    assertThat(acme.get("name").getAsString()).isEqualTo("acme");
    assertThat(acme.getAsJsonObject("last_drill").get("summary").getAsString()).isEqualTo("RTO 12 minutes");
    assertThat(acme.has("last_backup")).isFalse();
    try (Repository repo = repoManager.openRepository(project)) {
      assertThat(repo.exactRef("refs/lanes/platforms/acme")).isNotNull();
    }

    RestResponse unknown =
        userRestSession.post(url, JsonParser.parseString(
            "{\"platform\": \"initech\", \"stage\": \"render\", \"status\": \"PASSED\", \"summary\": \"x\"}"));
    unknown.assertBadRequest();
    assertThat(unknown.getEntityContent())
        .isEqualTo(
            "lanes: invalid stage result:\n"
                + "stage: \"render\" is not one of backup, drill\n"
                + "platform: \"initech\" is not in lanes.config (known: acme, globex)");
    adminRestSession.post(url, JsonParser.parseString(
        "{\"platform\": \"acme\", \"stage\": \"drill\", \"status\": \"PASSED\", \"summary\": \"x\"}"))
        .assertForbidden();
  }

  @Test
  public void nobodyCanPushAForgedResult() throws Exception {
    projectOperations
        .project(project)
        .forUpdate()
        .add(allow(Permission.CREATE).ref("refs/lanes/*").group(adminGroupUuid()))
        .add(allow(Permission.PUSH).ref("refs/lanes/*").group(adminGroupUuid()).force(true))
        .update();
    String ref = ResultStore.refName(change.getPatchSetId());

    PushResult pushed = GitUtil.pushHead(testRepo, ref, false);

    assertPushRejected(pushed, ref, "refs/lanes/ holds what the lanes plugin keeps (stage results)");
    try (Repository repo = repoManager.openRepository(project)) {
      assertThat(repo.exactRef(ref)).isNull();
    }
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "zuul-reporters")
  public void changeOffPlatformBranchesKeepsNoResults() throws Exception {
    checkout("master");
    PushOneCommit.Result onMaster = push("refs/for/master", Map.of("README", "hi\n"));
    onMaster.assertOkStatus();

    RestResponse response =
        userRestSession.post(
            "/changes/" + onMaster.getChange().getId().get() + "/revisions/current/lanes~results",
            JsonParser.parseString(RENDER));

    response.assertConflict();
    assertThat(response.getEntityContent()).contains("which is not a platform's branch");
  }
}
