package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.lanes.steps.StepRun;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("deploy and rollback of the sample Tutor project (real Tutor 22) against the real control plane (kube.sh: kube-apiserver, controllers, kwok nodes), as a namespaced ServiceAccount")
class DeployStepAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Path project;
  private String config;
  private String namespace;
  private Path kubeconfig;

  /**
   * The sample Tutor project (real Tutor 22), with the test plugin lanestest_override enabled: the tests change the
   * env's objects through Tutor's k8s-override patch ({@link #override}); lms runs 2 replicas.
   */
  @BeforeEach
  void setUp() {
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    RealTutor.enableTestPlugin(project, "lanestest_override");
    RealTutor.override(project, lms("spec:\n  replicas: 2\n"));
    RealTutor.commit(project, "the test plugin lanestest_override");
    config = project.resolve("lanes.config").toString();
    namespace = kube.namespace();
    kubeconfig = kube.kubeconfig();
  }

  /** A kustomize patch of Deployment {@code name}: its metadata, then {@code rest} (from {@code spec:} on). */
  private static String deployment(String name, String rest) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n" + rest;
  }

  private static String lms(String rest) {
    return deployment("lms", rest);
  }

  /** Sets the k8s-override patches (lms' 2 replicas kept unless {@code patches} sets them) and commits. */
  private void override(String... patches) {
    List<String> all = new ArrayList<>(List.of(patches));
    if (all.stream().noneMatch(p -> p.contains("name: lms\n"))) {
      all.add(0, lms("spec:\n  replicas: 2\n"));
    }
    RealTutor.override(project, String.join("---\n", all));
    RealTutor.commit(project, "override");
  }

  private Map<String, String> environment() {
    return Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
  }

  private StepRun run(String step, String holder, String... more) {
    List<String> args = new ArrayList<>(List.of(
        step, "--config", config, "--platform", "acme", "--tutor-root", project.toString(),
        "--kubeconfig", kubeconfig.toString(), "--holder", holder, "--poll-interval", "200"));
    args.addAll(List.of("--result", dir.resolve("result.json").toString()));
    if (!List.of(more).contains("--rollout-timeout")) {
      args.addAll(List.of("--rollout-timeout", "60"));
    }
    args.addAll(List.of(more));
    return StepRun.withEnvironment(environment(), args.toArray(String[]::new));
  }

  private JsonNode result() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("result.json").toFile());
  }

  /** The step's writes (audit log) but the deploy lock's. */
  private List<KubeCluster.Write> writesApartFromLock() {
    return kube.writes().stream().filter(w -> !w.resource().equals("leases")).toList();
  }

  /** The step's server-side applies (audit log), as {@code /resource/name}, in the order the server took them. */
  private List<String> applies() {
    return writesApartFromLock().stream().filter(w -> w.verb().equals("patch")).map(w -> "/" + w.resource() + "/" + w.name()).toList();
  }

  /** The step's applies and Job creates (audit log), as {@code /resource/name}, in the order the server took them. */
  private List<String> appliesAndJobs() {
    return writesApartFromLock().stream()
        .filter(w -> w.verb().equals("patch") || (w.verb().equals("create") && w.resource().equals("jobs")))
        .map(w -> "/" + w.resource() + "/" + w.name()).toList();
  }

  private GenericKubernetesResource live(String apiVersion, String kind, String name) {
    return kube.client().genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
  }

  @Test
  @DisplayName("the sample Tutor project deploys in Tutor's order: namespace, config, data stores, init task Jobs, apps; the release is recorded")
  void deploysInTutorsOrder() throws IOException {
    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> applies = appliesAndJobs();
    int lastConfig = lastIndex(applies, "/configmaps/", "/services/", "/persistentvolumeclaims/");
    int firstStore = firstIndex(applies, "/deployments/mysql", "/deployments/mongodb", "/deployments/redis", "/deployments/meilisearch");
    int lastStore = lastIndex(applies, "/deployments/mysql", "/deployments/mongodb", "/deployments/redis", "/deployments/meilisearch");
    int firstJob = firstIndex(applies, "/jobs/");
    int lastJob = lastIndex(applies, "/jobs/");
    int firstApp = firstIndex(applies, "/deployments/lms", "/deployments/cms", "/deployments/caddy");
    assertThat(applies.get(0)).isEqualTo("/namespaces/" + namespace);
    assertThat(lastConfig).isLessThan(firstStore);
    assertThat(lastStore).isLessThan(firstJob);
    assertThat(lastJob).isLessThan(firstApp);
    assertThat(run.err()).contains("deploy: data stores: waiting for 4 objects").containsPattern("Job/lms-job-01-[0-9a-f]+: complete");
    assertThat(run.out()).contains("deploy: release 1");
    assertThat(live("apps/v1", "Deployment", "lms").<Integer>get("status", "availableReplicas")).isEqualTo(2);
    GenericKubernetesResource record = live("v1", "ConfigMap", "lanes-release-acme-1");
    assertThat(record).isNotNull();
    assertThat(record.getMetadata().getLabels()).containsEntry("lanes.io/release-of", "acme").doesNotContainKey("lanes.io/platform");
    JsonNode deploy = result().path("lanes").path("deploy");
    assertThat(deploy.path("outcome").asText()).isEqualTo("deployed");
    assertThat(deploy.path("release").path("number").asInt()).isEqualTo(1);
    assertThat(deploy.path("durations_ms").has("wait apps")).isTrue();
    assertThat(live("apps/v1", "Deployment", "lms").getMetadata().getAnnotations()).containsKey(ObjectDigest.ANNOTATION);
  }

  @Test
  @DisplayName("every object is written by server-side apply as field manager lanes, without force (init task Jobs are created); the server records lanes as the Apply manager")
  void applyRequestShape() {
    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(writesApartFromLock()).isNotEmpty()
        .filteredOn(w -> !w.resource().equals("configmaps") || !w.name().startsWith("lanes-release-"))
        // an init task's Job is created, as Tutor's are, not applied (see DeployTutorInitTasksAgainstKubeTest)
        .filteredOn(w -> !(w.resource().equals("jobs") && w.verb().equals("create")))
        .allSatisfy(w -> {
          assertThat(w.verb()).as(w.toString()).isEqualTo("patch");
          assertThat(w.uri()).as(w.toString()).contains("fieldManager=lanes").doesNotContain("force=").doesNotContain("dryRun");
        });
    assertThat(live("apps/v1", "Deployment", "lms").getMetadata().getManagedFields())
        .anySatisfy(f -> {
          assertThat(f.getManager()).isEqualTo("lanes");
          assertThat(f.getOperation()).isEqualTo("Apply");
        });
  }

  @Test
  @DisplayName("with --force-conflicts every server-side apply carries force=true")
  void forceConflictsForcesEveryApply() {
    StepRun run = run("deploy", "build-1", "--force-conflicts");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(writesApartFromLock()).filteredOn(w -> w.verb().equals("patch"))
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.uri()).as(w.toString()).contains("fieldManager=lanes").contains("force=true"));
  }

  @Test
  @DisplayName("the platform's backup CronJob and its ConfigMap deploy with the release, like any other object, and stay on the next deploy")
  void deploysBackupJob() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    GenericKubernetesResource cronJob = live("batch/v1", "CronJob", "lanes-backup-acme");
    assertThat(cronJob).isNotNull();
    assertThat(cronJob.getMetadata().getLabels()).containsEntry("lanes.io/platform", "acme");
    assertThat(cronJob.getAdditionalProperties().toString()).contains("image=localhost:5000/acme/zuul-steps:latest-acme");
    assertThat(live("v1", "ConfigMap", "lanes-backup-acme")).isNotNull();
    override(lms("spec:\n  replicas: 3\n"));

    StepRun next = run("deploy", "build-2");

    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(next.err()).doesNotContain("pruned CronJob/lanes-backup-acme").doesNotContain("pruned ConfigMap/lanes-backup-acme");
    assertThat(live("batch/v1", "CronJob", "lanes-backup-acme")).isNotNull();
  }

  @Test
  @DisplayName("deploying the same release twice writes nothing the second time and reports no changes")
  void sameReleaseTwiceIsNoChange() throws IOException {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    int before = writesApartFromLock().size();

    StepRun again = run("deploy", "build-2");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("no changes");
    assertThat(writesApartFromLock()).hasSize(before);
    assertThat(result().path("lanes").path("deploy").path("outcome").asText()).isEqualTo("no changes");
  }

  @Test
  @DisplayName("a second deploy waits on the Lease another deploy holds, then exits 1 naming the holder; nothing applied")
  void waitsOnHeldLease() {
    kube.client().leases().inNamespace(namespace).resource(
        new LeaseBuilder().withNewMetadata().withName(DeployLock.NAME).endMetadata().withNewSpec()
            .withHolderIdentity("build-other").withLeaseDurationSeconds(60)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();

    StepRun run = run("deploy", "build-1", "--lock-wait", "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("waiting for the deploy lock").contains("held by build-other");
    assertThat(run.err().lines().filter(l -> l.contains("gave up"))).hasSize(1);
    assertThat(writesApartFromLock()).isEmpty();
  }

  @Test
  @DisplayName("two manual deploys exclude each other: without --holder, a deploy does not take a fresh Lease held by"
      + " another manual deploy of the same user and host (the old shared default) for its own")
  void manualDeploysExcludeEachOther() throws Exception {
    String oldDefault = "manual-unknown@" + java.net.InetAddress.getLocalHost().getHostName();
    kube.client().leases().inNamespace(namespace).resource(
        new LeaseBuilder().withNewMetadata().withName(DeployLock.NAME).endMetadata().withNewSpec()
            .withHolderIdentity(oldDefault).withLeaseDurationSeconds(60)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();
    List<String> args = new ArrayList<>(List.of(
        "deploy", "--config", config, "--platform", "acme", "--tutor-root", project.toString(),
        "--kubeconfig", kubeconfig.toString(), "--poll-interval", "200", "--lock-wait", "1"));

    StepRun run = StepRun.withEnvironment(environment(), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("deploy: holder manual-unknown@[^ ]+:[0-9]+:[0-9a-f]{8}, cluster")
        .contains("held by " + oldDefault);
    assertThat(writesApartFromLock()).isEmpty();
  }

  @Test
  @DisplayName("a deploy that fails mid-apply (the server refuses an object) reports exactly what it applied before"
      + " failing, on stderr and in --result, as the audit log shows")
  void failureMidApplyReportsWhatWasApplied() throws IOException {
    // mysql, a data store: the apps' phase never starts
    override(deployment("mysql", "spec:\n  replicas: -1\n"));

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode report = result().path("lanes").path("deploy");
    assertThat(report.path("outcome").asText()).isEqualTo("failed");
    List<String> applied = new ArrayList<>();
    report.path("applied_before_failure").forEach(n -> applied.add(n.path("object").asText() + " (" + n.path("change").asText() + ")"));
    assertThat(applied).isNotEmpty().anyMatch(a -> a.startsWith("ConfigMap/")).noneMatch(a -> a.startsWith("Deployment/cms"));
    assertThat(run.err()).contains("deploy: applied before the failure: " + applied.size() + " objects: " + String.join(", ", applied));
    // exactly: every object listed was written once, nothing else was (the lock and the refused applies aside)
    assertThat(writesApartFromLock().stream().filter(w -> w.verb().equals("patch")).count()).isEqualTo(applied.size());
  }

  @Test
  @DisplayName("a Lease not renewed within its TTL (its deploy died) is taken over")
  void takesOverStaleLease() {
    kube.client().leases().inNamespace(namespace).resource(
        new LeaseBuilder().withNewMetadata().withName(DeployLock.NAME).endMetadata().withNewSpec()
            .withHolderIdentity("build-dead").withLeaseDurationSeconds(60)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5)).endSpec().build()).create();

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("taking over the deploy lock from build-dead");
    assertThat(kube.client().leases().inNamespace(namespace).withName(DeployLock.NAME).get().getSpec()
        .getHolderIdentity()).isNull();
  }

  /** Makes the lms Deployment's pods fail the way kwok's Stage {@code lanes.test/fail=<how>} says (kube.sh). */
  private void failLmsPods(String how) {
    override(lms("spec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        lanes.test/fail: " + how + "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"crash-loop, CrashLoopBackOff", "image-pull, ImagePullBackOff"})
  @DisplayName("a pod that cannot run ends the wait at once (not at the deadline), naming pod, container and reason; the last release is applied again")
  void stuckPodRollsBack(String how, String reason) throws IOException {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    failLmsPods(how);

    long start = System.nanoTime();
    StepRun run = run("deploy", "build-2", "--rollout-timeout", "300");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).containsPattern("Deployment/lms: pod lms-[a-z0-9]+-[a-z0-9]+ container lms is waiting: " + reason)
        .contains("rolled back to release 1");
    assertThat(seconds).as("ended long before the 300 s rollout deadline").isLessThan(90);
    GenericKubernetesResource lms = live("apps/v1", "Deployment", "lms");
    assertThat(lms.<Map<String, String>>get("spec", "template", "metadata", "labels")).doesNotContainKey("lanes.test/fail");
    JsonNode deploy = result().path("lanes").path("deploy");
    assertThat(deploy.path("outcome").asText()).isEqualTo("failed");
    assertThat(deploy.path("rollback").asText()).contains("rolled back to release 1");
    assertThat(live("v1", "ConfigMap", "lanes-release-acme-2")).isNull();
  }

  @Test
  @DisplayName("a Deployment that cannot progress (no node fits) fails with the controller's ProgressDeadlineExceeded, then rolls back")
  void progressDeadlineRollsBack() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    override(lms("spec:\n  replicas: 2\n  progressDeadlineSeconds: 3\n  template:\n    spec:\n      nodeSelector:\n"
        + "        lanes.test/no-such-node: \"true\"\n"));

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("Deployment/lms: ProgressDeadlineExceeded").contains("rolled back to release 1");
    assertThat(live("apps/v1", "Deployment", "lms").<Map<String, String>>get("spec", "template", "spec"))
        .doesNotContainKey("nodeSelector");
  }

  @Test
  @DisplayName("a failed init task Job (its pods exit 1) ends the wait with the task, the Job and the controller's reason, then rolls back")
  void failedJobIsReported() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    // Tutor's Job template lms-job, which the lms init tasks run in
    override("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: lms-job\nspec:\n  template:\n    metadata:\n"
        + "      labels:\n        lanes.test/fail: exit\n");

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).containsPattern("init task 1 \\(lms, in lms-job\\): init jobs: Job/lms-job-01-[0-9a-f]+: failed: BackoffLimitExceeded").contains("rolled back to release 1");
  }

  @Test
  @DisplayName("prune deletes only this platform's labelled objects no longer rendered; other objects and volumes stay")
  void prunesOnlyOwnObjects() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    kube.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("not-ours").endMetadata().build()).create();
    kube.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("globex-thing").addToLabels("app.kubernetes.io/managed-by", "lanes")
        .addToLabels("lanes.io/platform", "globex").endMetadata().build()).create();
    // no more mfe (its Deployment, Service and ConfigMap) and no MongoDB in the cluster (its Deployment, Service and
    // volume claim)
    RealTutor.disablePlugin(project, "mfe");
    RealTutor.tutor(project, "config", "save", "--set", "RUN_MONGODB=false");
    RealTutor.commit(project, "no mfe, MongoDB outside");

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("pruned Deployment/mfe").contains("pruned Service/mfe").contains("pruned Deployment/mongodb");
    assertThat(live("apps/v1", "Deployment", "mfe")).isNull();
    assertThat(live("v1", "PersistentVolumeClaim", "mongodb")).isNotNull();
    assertThat(live("v1", "ConfigMap", "not-ours")).isNotNull();
    assertThat(live("v1", "ConfigMap", "globex-thing")).isNotNull();
    assertThat(run.err()).contains("PersistentVolumeClaim/mongodb is no longer rendered but holds data: kept");
  }

  @Test
  @DisplayName("rollback --to re-applies a recorded release from its commit and records it as a new release")
  void rollbackToRecordedRelease() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    override(lms("spec:\n  replicas: 3\n"));
    assertThat(run("deploy", "build-2").exitCode()).isZero();

    StepRun run = run("rollback", "build-3", "--to", "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(((Map<?, ?>) live("apps/v1", "Deployment", "lms").getAdditionalProperties().get("spec")).get("replicas"))
        .isEqualTo(2);
    assertThat(live("v1", "ConfigMap", "lanes-release-acme-3")).isNotNull();
    assertThat(run.out()).contains("rollback to release 1");
  }

  @Test
  @DisplayName("a manifest outside the platform's namespace is refused by the policy (exit 3) before anything is written, even the lock")
  void outsideNamespaceRefused() throws IOException {
    RealTutor.extra(project, "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: stray\nrules: []\n");
    RealTutor.commit(project, "a plugin adds a ClusterRole");

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("ClusterRole/stray").contains("outside the platform's namespace");
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("deploy refuses a release through render's own pipeline: the same violations, line for line, exit 3, nothing written")
  void refusesWhatRenderRefuses() throws IOException {
    override(lms("spec:\n  replicas: 2\n  template:\n    spec:\n      hostNetwork: true\n      volumes:\n"
        + "      - name: node-root\n        hostPath:\n          path: /\n"));

    StepRun render = StepRun.withEnvironment(environment(),
        "render", "--config", config, "--platform", "acme", "--tutor-root", project.toString(),
        "--output", dir.resolve("render").toString());
    StepRun deploy = run("deploy", "build-1");

    assertThat(render.exitCode()).as(render.err()).isEqualTo(3);
    assertThat(deploy.exitCode()).as(deploy.err()).isEqualTo(3);
    List<String> refused = violationLines(render.err());
    assertThat(refused).anyMatch(l -> l.startsWith("Deployment/lms: volume \"node-root\" mounts a hostPath"))
        .anyMatch(l -> l.contains("hostNetwork"));
    assertThat(violationLines(deploy.err())).isEqualTo(refused);
    assertThat(kube.writes()).isEmpty();
  }

  private static List<String> violationLines(String err) {
    return err.lines().filter(l -> l.matches("[A-Za-z]+/[^ :]+: .*")).toList();
  }

  @Test
  @DisplayName("an unreachable API server is one clear error (exit 1), nothing applied")
  void unreachableServer() throws IOException {
    kubeconfig = kubeconfigFor(Files.readString(kubeconfig).replace(kube.url().replaceAll("/$", ""), "https://127.0.0.1:9"));

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot discover the API group version v1 on https://127.0.0.1:9/: Connection refused");
    assertThat(run.err().lines().filter(l -> l.startsWith("cannot"))).hasSize(1);
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("a wrong or expired token (401) is one clear error that never prints the token, nothing applied")
  void unauthorized() throws IOException {
    String canary = "eyJhbGciOiJSUzI1NiJ9.canary-" + System.nanoTime();
    kubeconfig = kubeconfigFor(Files.readString(kubeconfig).replaceAll("token: .*", "token: " + canary));

    StepRun run = run("deploy", "build-1", "--verbose");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot discover the API group version").contains("401 Unauthorized");
    assertThat(run.err() + run.out()).doesNotContain(canary).doesNotContain("canary-");
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("a ServiceAccount of another namespace is forbidden (403) by the real RBAC: one clear error, nothing applied")
  void forbidden() {
    kubeconfig = kube.serviceAccountKubeconfig(kube.newNamespaceName("other"));

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot read the deploy lock").contains("403 ")
        .contains("cannot get resource \"leases\"");
    assertThat(run.err().lines().filter(l -> l.startsWith("cannot"))).hasSize(1);
    assertThat(kube.writes()).isEmpty();
  }

  private Path kubeconfigFor(String text) throws IOException {
    Path file = dir.resolve("kubeconfig-" + System.nanoTime() + ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static int firstIndex(List<String> writes, String... fragments) {
    for (int i = 0; i < writes.size(); i++) {
      for (String fragment : fragments) {
        if (writes.get(i).contains(fragment)) {
          return i;
        }
      }
    }
    throw new AssertionError("no write of " + List.of(fragments) + " in " + writes);
  }

  private static int lastIndex(List<String> writes, String... fragments) {
    for (int i = writes.size() - 1; i >= 0; i--) {
      for (String fragment : fragments) {
        if (writes.get(i).contains(fragment)) {
          return i;
        }
      }
    }
    throw new AssertionError("no write of " + List.of(fragments) + " in " + writes);
  }
}
