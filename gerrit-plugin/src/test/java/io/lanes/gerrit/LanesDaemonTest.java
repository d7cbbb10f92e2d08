package io.lanes.gerrit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allow;

import com.google.gerrit.acceptance.GitUtil;
import com.google.gerrit.acceptance.LightweightPluginDaemonTest;
import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.testsuite.project.ProjectOperations;
import com.google.gerrit.entities.BranchNameKey;
import com.google.gerrit.entities.Permission;
import com.google.gerrit.entities.RefNames;
import com.google.gerrit.entities.SubmitRequirement;
import com.google.gerrit.entities.SubmitRequirementExpression;
import com.google.gerrit.extensions.client.ListChangesOption;
import com.google.gerrit.extensions.common.ChangeInfo;
import com.google.gerrit.extensions.common.SubmitRequirementResultInfo;
import com.google.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** The plugin on a real in-process Gerrit, with helpers to set the platform map and push to platform branches. */
public abstract class LanesDaemonTest extends LightweightPluginDaemonTest {
  @Inject protected ProjectOperations projectOperations;

  /** acme (protected, owned by Administrators, frozen over Christmas 2026) and globex. */
  protected static final String MAP =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
        protected = true
        ownerGroup = Administrators
        freeze = 2026-12-24T00:00Z/2026-12-27T00:00Z
      [platform "globex"]
        namespace = openedx-globex
        cluster = prod
        allowedImage = docker.io/library/redis:
      [cluster "prod"]
        server = https://10.0.0.10:6443
      """;

  protected static final String CLEAN_MANIFEST =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: lms
      spec:
        template:
          spec:
            containers:
              - name: lms
                image: localhost:5000/acme/openedx:change-1-ps-1
      """;

  /** A binding of the cluster-admin role: what no platform branch may ever carry. */
  /** A Pod on the node's network: one lane policy violation, at line 1. */
  protected static final String HOST_NETWORK_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
      spec:
        hostNetwork: true
      """;

  protected static final String CLUSTER_ADMIN_BINDING =
      """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata:
        name: root
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
      subjects: [{kind: ServiceAccount, name: default, namespace: openedx-acme}]
      """;

  /** The error line {@link #CLUSTER_ADMIN_BINDING} gives at {@code env/k8s/rbac.yml}. */
  protected static final String CLUSTER_ADMIN_BINDING_ERROR =
      "env/k8s/rbac.yml:1: ClusterRoleBinding/root: a ClusterRoleBinding grants rights across the whole cluster";

  /** {@link #MAP} with globex pointing at a cluster nobody declared: acme itself is still well formed. */
  protected static final String GLOBEX_BROKEN =
      MAP.replace("openedx-globex\n  cluster = prod", "openedx-globex\n  cluster = nowhere");

  /** The one problem of {@link #GLOBEX_BROKEN}, as its key and message. */
  protected static final String GLOBEX_PROBLEM =
      "platform.globex.cluster: cluster \"nowhere\" is not declared (declared: prod)";

  /** The submit requirement's section in {@code Documentation/config.md}, the snippet users copy. */
  private static final Pattern REQUIREMENT_SNIPPET =
      Pattern.compile("```\\n(\\[submit-requirement \"Lanes-Deploy\"\\].*?)```", Pattern.DOTALL);

  /** The {@code [submit-requirement "Lanes-Deploy"]} snippet of {@code Documentation/config.md}, as documented. */
  protected static String documentedRequirement() throws Exception {
    String page;
    try (InputStream in = LanesDaemonTest.class.getResourceAsStream("/Documentation/config.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher snippet = REQUIREMENT_SNIPPET.matcher(page);
    if (!snippet.find()) {
      throw new AssertionError("config.md has no [submit-requirement \"Lanes-Deploy\"] snippet");
    }
    return snippet.group(1);
  }

  /** Defines {@code Lanes-Deploy} in the project's {@code project.config} exactly as config.md documents it. */
  protected void configureLanesDeploy() throws Exception {
    Config config = new Config();
    config.fromText(documentedRequirement());
    String section = "submit-requirement";
    String name = "Lanes-Deploy";
    configSubmitRequirement(
        project,
        SubmitRequirement.builder()
            .setName(name)
            .setDescription(Optional.ofNullable(config.getString(section, name, "description")))
            .setApplicabilityExpression(
                SubmitRequirementExpression.of(config.getString(section, name, "applicableIf")))
            .setSubmittabilityExpression(
                SubmitRequirementExpression.create(config.getString(section, name, "submittableIf")))
            .setOverrideExpression(SubmitRequirementExpression.of(config.getString(section, name, "overrideIf")))
            .setAllowOverrideInChildProjects(
                config.getBoolean(section, name, "canOverrideInChildProjects", false))
            .build());
  }

  /** The change's {@code Lanes-Deploy} result; fails when the change has none. */
  protected SubmitRequirementResultInfo lanesDeploy(String changeId) throws Exception {
    ChangeInfo info = gApi.changes().id(changeId).get(ListChangesOption.SUBMIT_REQUIREMENTS);
    return info.submitRequirements.stream()
        .filter(r -> r.name.equals("Lanes-Deploy"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Lanes-Deploy in " + info.submitRequirements));
  }

  /** Pushes {@code text} as {@code lanes.config} straight to {@code refs/meta/config}. */
  protected PushOneCommit.Result pushMap(String text) throws Exception {
    GitUtil.fetch(testRepo, RefNames.REFS_CONFIG + ":" + RefNames.REFS_CONFIG);
    testRepo.reset(RefNames.REFS_CONFIG);
    return pushFactory
        .create(admin.newIdent(), testRepo, "Set the platform map", "lanes.config", text)
        .to(RefNames.REFS_CONFIG);
  }

  /**
   * Writes {@code text} as {@code lanes.config} straight into the repository, past push validation (which refuses an
   * invalid map), as a map written before the plugin was installed, or by an older version of it, would be.
   */
  protected void writeMapBypassingValidation(String text) throws Exception {
    try (Repository repo = repoManager.openRepository(project);
        TestRepository<Repository> serverRepo = new TestRepository<>(repo)) {
      serverRepo.branch(RefNames.REFS_CONFIG).commit().add("lanes.config", text).create();
    }
    projectCache.evictAndReindex(project);
  }

  /**
   * Commits {@code files} straight onto {@code branch} in the repository, past every validation (creating the branch
   * when missing), as history written before the plugin was installed would be; returns the commit.
   */
  protected RevCommit commitBypassingValidation(String branch, Map<String, String> files) throws Exception {
    try (Repository repo = repoManager.openRepository(project);
        TestRepository<Repository> serverRepo = new TestRepository<>(repo)) {
      TestRepository<Repository>.CommitBuilder commit = serverRepo.branch("refs/heads/" + branch).commit();
      for (Map.Entry<String, String> file : files.entrySet()) {
        commit.add(file.getKey(), file.getValue());
      }
      return commit.message("Written before the plugin").create();
    }
  }

  /** Lets Administrators force-push to every branch. */
  protected void allowForcePush() {
    projectOperations
        .project(project)
        .forUpdate()
        .add(allow(Permission.PUSH).ref("refs/heads/*").group(adminGroupUuid()).force(true))
        .update();
  }

  /** {@code result}'s update of {@code ref} was rejected, and the push's messages hold every one of {@code lines}. */
  protected static void assertPushRejected(PushResult result, String ref, String... lines) {
    RemoteRefUpdate update = result.getRemoteUpdate(ref);
    assertWithMessage(result.getMessages())
        .that(update.getStatus())
        .isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
    for (String line : lines) {
      assertThat(result.getMessages() + "\n" + update.getMessage()).contains(line);
    }
  }

  /** Pushes {@link #MAP} (accepted), then creates {@code platform/<name>} and checks it out in {@code testRepo}. */
  protected void pushMapAndCreatePlatformBranch(String name) throws Exception {
    pushMap(MAP).assertOkStatus();
    createPlatformBranch(name);
  }

  /** Pushes {@link #CLEAN_MANIFEST} for review to {@code platform/acme}; the change, accepted. */
  protected PushOneCommit.Result pushCleanChangeToAcme() throws Exception {
    PushOneCommit.Result change = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));
    change.assertOkStatus();
    return change;
  }

  /** {@code result} was rejected with {@code status}, and its messages hold every one of {@code messages}. */
  protected static void assertRejected(PushOneCommit.Result result, String status, String... messages) {
    result.assertErrorStatus(status);
    for (String message : messages) {
      result.assertMessage(message);
    }
  }

  /** Creates {@code platform/<name>} from the project's initial commit and checks it out in {@code testRepo}. */
  protected void createPlatformBranch(String name) throws Exception {
    createBranch(BranchNameKey.create(project, "platform/" + name));
    checkout("platform/" + name);
  }

  /** Resets {@code testRepo} to the server's {@code branch}. */
  protected void checkout(String branch) throws Exception {
    GitUtil.fetch(testRepo, "refs/heads/" + branch + ":refs/heads/" + branch);
    testRepo.reset("refs/heads/" + branch);
  }

  /** Pushes one commit with {@code files} on top of {@code testRepo}'s HEAD to {@code ref}. */
  protected PushOneCommit.Result push(String ref, Map<String, String> files) throws Exception {
    return pushFactory.create(admin.newIdent(), testRepo, "Change the platform", files).to(ref);
  }
}
