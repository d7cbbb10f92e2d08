package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.kube.KubeApiDouble;
import io.lanes.steps.testing.kube.ServerSideApplyDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("deploy and rollback against the Kubernetes API test double (fabric8 CRUD mock + approximated server-side apply) with a kubelet test double")
class DeployStepAgainstKubeApiDoubleTest {
  @RegisterExtension final KubeApiDouble kube = new KubeApiDouble();

  @TempDir Path dir;

  private TutorRoot tutor;
  private Path kubeconfig;
  private KubeletDouble kubelet;

  @BeforeEach
  void setUp() throws IOException {
    tutor = TutorRoot.create(dir.resolve("platform"));
    kubeconfig = kube.kubeconfig(dir);
    kubelet = new KubeletDouble(kube.client(), TutorRoot.NAMESPACE);
  }

  @AfterEach
  void tearDown() {
    kubelet.close();
  }

  private StepRun run(String step, String holder, String... more) {
    List<String> args = new ArrayList<>(List.of(
        step, "--config", TutorRoot.CONFIG, "--platform", "acme", "--tutor-root", tutor.root.toString(),
        "--kubeconfig", kubeconfig.toString(), "--holder", holder, "--poll-interval", "50",
        "--rollout-timeout", "20", "--result", dir.resolve("result.json").toString()));
    args.addAll(List.of(more));
    return StepRun.withEnvironment(Map.of("PATH", TutorRoot.PATH), args.toArray(String[]::new));
  }

  private JsonNode result() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("result.json").toFile());
  }

  private List<String> writesApartFromLock() {
    return kube.writes().stream().filter(w -> !w.contains("/leases") && !w.endsWith("/status")).toList();
  }

  private GenericKubernetesResource live(String apiVersion, String kind, String name) {
    return kube.client().genericKubernetesResources(apiVersion, kind).inNamespace(TutorRoot.NAMESPACE).withName(name).get();
  }

  @Test
  @DisplayName("the sample platform deploys in Tutor's order: namespace, config, data stores, init jobs, apps; the release is recorded")
  void deploysInTutorsOrder() throws IOException {
    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> applies = kube.writes().stream().filter(w -> w.startsWith("APPLY")).toList();
    int lastConfig = lastIndex(applies, "/configmaps/", "/services/", "/persistentvolumeclaims/");
    int firstStore = firstIndex(applies, "/deployments/mysql", "/deployments/mongodb", "/deployments/redis", "/deployments/meilisearch");
    int lastStore = lastIndex(applies, "/deployments/mysql", "/deployments/mongodb", "/deployments/redis", "/deployments/meilisearch");
    int firstJob = firstIndex(applies, "/jobs/");
    int lastJob = lastIndex(applies, "/jobs/");
    int firstApp = firstIndex(applies, "/deployments/lms", "/deployments/cms", "/deployments/caddy");
    assertThat(applies.get(0)).contains("/namespaces/openedx-acme");
    assertThat(lastConfig).isLessThan(firstStore);
    assertThat(lastStore).isLessThan(firstJob);
    assertThat(lastJob).isLessThan(firstApp);
    assertThat(run.err()).contains("deploy: data stores: waiting for 4 objects").contains("Job/lms-job: complete");
    assertThat(run.out()).contains("deploy: release 1");
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
  @DisplayName("every object is written by server-side apply: Content-Type application/apply-patch+yaml, fieldManager=lanes, no force")
  void applyRequestShape() {
    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<ServerSideApplyDispatcher.Request> writes = releaseWrites();
    assertThat(writes).filteredOn(ServerSideApplyDispatcher.Request::isApply)
        .hasSize((int) kube.writes().stream().filter(w -> w.startsWith("APPLY")).count())
        .anySatisfy(r -> assertThat(r.path()).endsWith("/deployments/lms"));
    assertThat(writes.stream().filter(r -> r.method().equals("PATCH") || r.method().equals("PUT")))
        .isNotEmpty()
        .allSatisfy(r -> {
          assertThat(r.method()).as(r.path()).isEqualTo("PATCH");
          assertThat(r.contentType()).as(r.path()).startsWith("application/apply-patch+yaml");
          assertThat(r.query()).as(r.path()).containsEntry("fieldManager", "lanes").doesNotContainKey("force")
              .doesNotContainKey("dryRun");
        });
  }

  @Test
  @DisplayName("with --force-conflicts every server-side apply carries force=true")
  void forceConflictsForcesEveryApply() {
    StepRun run = run("deploy", "build-1", "--force-conflicts");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(releaseWrites()).filteredOn(ServerSideApplyDispatcher.Request::isApply)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.query()).as(r.path()).containsEntry("fieldManager", "lanes").containsEntry("force", "true"));
  }

  /** The write requests for the release's objects: not the deploy lock, not the kubelet double's status updates. */
  private List<ServerSideApplyDispatcher.Request> releaseWrites() {
    return kube.requests().stream()
        .filter(r -> !r.path().contains("/leases") && !r.path().endsWith("/status"))
        .toList();
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
    tutor.change("k8s/deployments.yml", "  replicas: 2\n", "  replicas: 3\n");

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
    kube.client().leases().inNamespace(TutorRoot.NAMESPACE).resource(
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
  @DisplayName("a Lease not renewed within its TTL (its deploy died) is taken over")
  void takesOverStaleLease() {
    kube.client().leases().inNamespace(TutorRoot.NAMESPACE).resource(
        new LeaseBuilder().withNewMetadata().withName(DeployLock.NAME).endMetadata().withNewSpec()
            .withHolderIdentity("build-dead").withLeaseDurationSeconds(60)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5)).endSpec().build()).create();

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("taking over the deploy lock from build-dead");
    assertThat(kube.client().leases().inNamespace(TutorRoot.NAMESPACE).withName(DeployLock.NAME).get().getSpec()
        .getHolderIdentity()).isNull();
  }

  @Test
  @DisplayName("a rollout past its progress deadline fails fast, the last recorded release is applied again, and both are reported")
  void failingRolloutRollsBack() throws IOException {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    tutor.change("k8s/deployments.yml", "  replicas: 2\n", "  replicas: 3\n");
    kubelet.judge(o -> "lms".equals(o.getMetadata().getName())
        && ((Map<?, ?>) o.getAdditionalProperties().get("spec")).get("replicas").equals(3)
        ? KubeletDouble.Verdict.FAIL : KubeletDouble.Verdict.HEALTHY);

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Deployment/lms: ProgressDeadlineExceeded").contains("rolled back to release 1");
    assertThat(((Map<?, ?>) live("apps/v1", "Deployment", "lms").getAdditionalProperties().get("spec")).get("replicas"))
        .isEqualTo(2);
    JsonNode deploy = result().path("lanes").path("deploy");
    assertThat(deploy.path("outcome").asText()).isEqualTo("failed");
    assertThat(deploy.path("rollback").asText()).contains("rolled back to release 1");
    assertThat(live("v1", "ConfigMap", "lanes-release-acme-2")).isNull();
  }

  @Test
  @DisplayName("a failed init Job ends the wait at once with the Job and its reason, then rolls back")
  void failedJobIsReported() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    tutor.change("k8s/jobs.yml", "./manage.py lms migrate --noinput", "./manage.py lms migrate --noinput --plan");
    kubelet.judge(o -> "Job".equals(o.getKind()) && "lms-job".equals(o.getMetadata().getName())
        && o.getAdditionalProperties().toString().contains("--plan")
        ? KubeletDouble.Verdict.FAIL : KubeletDouble.Verdict.HEALTHY);

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("Job/lms-job: failed: BackoffLimitExceeded").contains("rolled back to release 1");
  }

  @Test
  @DisplayName("prune deletes only this platform's labelled objects no longer rendered; other objects and volumes stay")
  void prunesOnlyOwnObjects() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    kube.client().configMaps().inNamespace(TutorRoot.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("not-ours").endMetadata().build()).create();
    kube.client().configMaps().inNamespace(TutorRoot.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("globex-thing").addToLabels("app.kubernetes.io/managed-by", "lanes")
        .addToLabels("lanes.io/platform", "globex").endMetadata().build()).create();
    tutor.change("kustomization.yml", "- k8s/volumes.yml\n", "");
    tutor.change("kustomization.yml", "- name: redis-config\n  files:\n  - apps/redis/redis.conf\n  options:\n    labels:\n      app.kubernetes.io/name: redis\n", "");
    tutor.change("k8s/deployments.yml", "        - name: config\n          configMap:\n            name: redis-config\n", "");

    StepRun run = run("deploy", "build-2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("pruned ConfigMap/redis-config");
    assertThat(live("v1", "ConfigMap", "redis-config")).isNull();
    assertThat(live("v1", "ConfigMap", "not-ours")).isNotNull();
    assertThat(live("v1", "ConfigMap", "globex-thing")).isNotNull();
    assertThat(live("v1", "PersistentVolumeClaim", "mysql")).isNotNull();
    assertThat(run.err()).contains("PersistentVolumeClaim/mysql is no longer rendered but holds data: kept");
  }

  @Test
  @DisplayName("rollback --to re-applies a recorded release from its commit and records it as a new release")
  void rollbackToRecordedRelease() {
    assertThat(run("deploy", "build-1").exitCode()).isZero();
    tutor.change("k8s/deployments.yml", "  replicas: 2\n", "  replicas: 3\n");
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
    Files.writeString(tutor.root.resolve("env/k8s/stray.yml"),
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: stray\nrules: []\n");
    tutor.change("kustomization.yml", "- k8s/volumes.yml\n", "- k8s/volumes.yml\n- k8s/stray.yml\n");

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("ClusterRole/stray").contains("outside the platform's namespace");
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("deploy refuses a release through render's own pipeline: the same violations, line for line, exit 3, nothing written")
  void refusesWhatRenderRefuses() throws IOException {
    tutor.change("k8s/deployments.yml", "      volumes:\n        - name: settings-lms\n",
        "      hostNetwork: true\n      volumes:\n        - name: node-root\n          hostPath:\n            path: /\n"
            + "        - name: settings-lms\n");

    StepRun render = StepRun.withEnvironment(Map.of("PATH", TutorRoot.PATH),
        "render", "--config", TutorRoot.CONFIG, "--platform", "acme", "--tutor-root", tutor.root.toString(),
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
    kubeconfig = kubeconfigFor("http://127.0.0.1:9");

    StepRun run = run("deploy", "build-1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cannot read the deploy lock Lease/lanes-deploy in namespace openedx-acme on http://127.0.0.1:9");
    assertThat(run.err().lines().filter(l -> l.startsWith("cannot"))).hasSize(1);
  }

  @Test
  @DisplayName("expired credentials (401) and a forbidden namespace (403) are each one clear error, nothing applied")
  void unauthorizedAndForbidden() throws IOException {
    for (int code : new int[] {401, 403}) {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      String reason = code == 401 ? "Unauthorized" : "leases.coordination.k8s.io is forbidden: User \"zuul\" cannot get resource";
      server.createContext("/", exchange -> {
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + reason.replace("\"", "\\\"")
            + "\",\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      try {
        kubeconfig = kubeconfigFor("http://127.0.0.1:" + server.getAddress().getPort());
        StepRun run = run("deploy", "build-1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read the deploy lock").contains(code + " ");
        assertThat(run.err()).doesNotContain("test-double-token").doesNotContain("at io.");
      } finally {
        server.stop(0);
      }
    }
  }

  private Path kubeconfigFor(String server) throws IOException {
    Path file = dir.resolve("kubeconfig-" + server.replaceAll("[^0-9]", "") + ".yaml");
    Files.writeString(file, Files.readString(kube.kubeconfig(dir)).replace(kube.url(), server + "/"));
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
