package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.StepException;
import io.lanes.steps.StepRun;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.kube.ServerSideApply;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What only a real API server can show: field ownership, RBAC as the second gate, the Lease between processes. */
@DisplayName("deploy's safety for the sample Tutor project (real Tutor 22) on the real control plane (kube.sh): field ownership, RBAC, the deploy lock across processes, render's diff after a deploy")
class DeployLaneAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Project tutor;
  private Path kubeconfig;

  /** A copy of the sample Tutor project: its work tree, its map file, platform acme's namespace. */
  private record Project(Path root, String config, String namespace) {}

  /** The kustomize patch (Tutor's k8s-override, test plugin lanestest_override) setting lms' replicas. */
  private static String lmsReplicas(int replicas) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\nspec:\n  replicas: " + replicas + "\n";
  }

  /**
   * A copy of the sample Tutor project (real Tutor 22) in {@code dir} for {@code namespace}, with the test plugin
   * lanestest_override enabled and lms at 2 replicas.
   */
  private static Project project(Path dir, String namespace) {
    Path root = RealTutor.sampleProject(dir, namespace);
    RealTutor.enableTestPlugin(root, "lanestest_override");
    RealTutor.override(root, lmsReplicas(2));
    RealTutor.commit(root, "the test plugin lanestest_override");
    return new Project(root, root.resolve("lanes.config").toString(), namespace);
  }

  @BeforeEach
  void setUp() {
    tutor = project(dir.resolve("platform"), kube.namespace());
    kubeconfig = kube.kubeconfig();
  }

  private Map<String, String> environment() {
    return Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
  }

  private List<String> args(Project root, Path identity, String step, String holder, String... more) {
    List<String> args = new ArrayList<>(List.of(
        step, "--config", root.config(), "--platform", "acme", "--tutor-root", root.root().toString(),
        "--kubeconfig", identity.toString(), "--holder", holder, "--poll-interval", "200"));
    args.addAll(List.of("--rollout-timeout", "60"));
    args.addAll(List.of(more));
    return args;
  }

  private StepRun deploy(String holder, String... more) {
    return StepRun.withEnvironment(environment(), args(tutor, kubeconfig, "deploy", holder, more).toArray(String[]::new));
  }

  private int lmsReplicas() {
    return kube.client().apps().deployments().inNamespace(tutor.namespace()).withName("lms").get().getSpec().getReplicas();
  }

  private void kubectl(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kube.kubectl(), "--kubeconfig", kube.adminKubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  @DisplayName("a field another manager took (kubectl apply --server-side) fails the deploy naming object, field and manager, nothing applied; --force-conflicts takes it over and says so")
  void fieldOwnedByAnotherManager() throws Exception {
    assertThat(deploy("build-1").exitCode()).isZero();
    kubectl("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\nspec:\n  replicas: 5\n",
        "apply", "--server-side", "--field-manager=someone", "--force-conflicts", "-n", tutor.namespace(), "-f", "-");
    int writesBefore = kube.writes().size();

    StepRun refused = deploy("build-2");

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
    assertThat(refused.err())
        .contains("another field manager owns fields this release sets; nothing was applied (--force-conflicts takes them over)")
        .containsPattern("Deployment/lms: Apply failed with 1 conflict: conflict with \"someone\"[^\n]*: \\.spec\\.replicas");
    assertThat(kube.writes().subList(writesBefore, kube.writes().size()))
        .allSatisfy(w -> assertThat(w.resource()).as(w.toString()).isEqualTo("leases"));
    assertThat(lmsReplicas()).isEqualTo(5);

    StepRun forced = deploy("build-3", "--force-conflicts");

    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.err()).containsPattern(
        "deploy: --force-conflicts: taking over from another field manager: Deployment/lms: [^\n]*\"someone\"[^\n]*\\.spec\\.replicas");
    assertThat(lmsReplicas()).isEqualTo(2);
  }

  @Test
  @DisplayName("with the lane policy bypassed, the real RBAC refuses the deploy identity an object in another namespace (403): nothing lands there")
  void rbacIsTheSecondGate() throws Exception {
    String other = kube.newNamespaceName("globex");
    kube.createNamespace(other);
    GenericKubernetesResource stray = new KubernetesSerialization().convertValue(
        new ConfigMapBuilder().withNewMetadata().withName("stray").withNamespace(other).endMetadata()
            .withData(Map.of("a", "b")).build(),
        GenericKubernetesResource.class);

    try (var client = KubeOptions.client(KubeOptions.fromKubeconfig(kubeconfig))) {
      // ServerSideApply is deploy's apply engine; called directly, no policy stands before it.
      assertThatThrownBy(() -> new ServerSideApply(client, false).apply(stray))
          .isInstanceOf(StepException.class)
          .hasMessageContaining("cannot apply ConfigMap/stray in namespace " + other)
          .hasMessageContaining("403 ")
          .hasMessageContaining("cannot patch resource \"configmaps\"");
    }
    assertThat(kube.client().configMaps().inNamespace(other).withName("stray").get()).isNull();
    assertThat(kube.allWrites()).filteredOn(w -> other.equals(w.namespace()) && w.succeeded()
        && w.user().equals(KubeCluster.user(tutor.namespace(), KubeCluster.STEP_ACCOUNT))).isEmpty();
  }

  @Test
  @DisplayName("a failure on a cluster-scoped object (another platform's Namespace, 403) names it without a namespace,"
      + " never 'namespace null'")
  void clusterScopedFailureNamesNoNullNamespace() throws Exception {
    String other = kube.newNamespaceName("globex");
    kube.createNamespace(other);
    GenericKubernetesResource namespace = new KubernetesSerialization().convertValue(
        new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build(),
        GenericKubernetesResource.class);

    try (var client = KubeOptions.client(KubeOptions.fromKubeconfig(kubeconfig));
        PhaseApplier applier = new PhaseApplier(client, false, 1, new java.io.PrintWriter(new java.io.StringWriter()))) {
      assertThatThrownBy(() -> applier.apply(Phase.NAMESPACE, List.of(namespace)))
          .isInstanceOf(StepException.class)
          .hasMessageStartingWith("cannot read Namespace/" + other + " on ")
          .hasMessageContaining("403 ")
          .hasMessageNotContaining("namespace null");
    }
  }

  @Test
  @DisplayName("two deploys of one namespace started together never interleave: in the audit log, one's writes all come before the other's")
  void concurrentDeploysDoNotInterleave() throws Exception {
    Path second = kube.serviceAccountKubeconfig(tutor.namespace(), "lanes-deploy-b");
    Project other = project(dir.resolve("other"), tutor.namespace());
    RealTutor.override(other.root(), lmsReplicas(3));
    RealTutor.commit(other.root(), "lms: 3 replicas");
    Map<String, String> path = environment();

    CompletableFuture<StepRun> a = CompletableFuture.supplyAsync(
        () -> StepRun.withEnvironment(path, args(tutor, kubeconfig, "deploy", "build-a").toArray(String[]::new)));
    CompletableFuture<StepRun> b = CompletableFuture.supplyAsync(
        () -> StepRun.withEnvironment(path, args(other, second, "deploy", "build-b").toArray(String[]::new)));

    assertThat(a.get(5, TimeUnit.MINUTES).exitCode()).as(a.get().err()).isZero();
    assertThat(b.get(5, TimeUnit.MINUTES).exitCode()).as(b.get().err()).isZero();
    String userA = KubeCluster.user(tutor.namespace(), KubeCluster.STEP_ACCOUNT);
    String userB = KubeCluster.user(tutor.namespace(), "lanes-deploy-b");
    List<String> order = kube.allWrites().stream()
        .filter(KubeCluster.Write::succeeded).filter(w -> !w.dryRun()).filter(w -> !w.resource().equals("leases"))
        .map(KubeCluster.Write::user).filter(u -> u.equals(userA) || u.equals(userB)).toList();
    assertThat(order).contains(userA, userB);
    int switches = 0;
    for (int i = 1; i < order.size(); i++) {
      if (!order.get(i).equals(order.get(i - 1))) {
        switches++;
      }
    }
    assertThat(switches).as("writes by user, in the server's order: " + order).isEqualTo(1);
    assertThat(a.get().err() + b.get().err()).contains("waiting for the deploy lock");
  }

  @Test
  @DisplayName("a deploy killed with SIGKILL leaves its Lease; the next deploy takes it over after its TTL, saying whose it was")
  void killedHolderIsTakenOver() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        "io.lanes.steps.cli.Main"));
    command.addAll(args(tutor, kubeconfig, "deploy", "build-killed", "--lock-ttl", "5"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile());
    builder.environment().put("PATH", environment().get("PATH"));
    Process killed = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!"build-killed".equals(holder()) && System.nanoTime() < deadline) {
        assertThat(killed.isAlive()).as(Files.readString(dir.resolve("killed.log"))).isTrue();
        Thread.sleep(50);
      }
      assertThat(holder()).isEqualTo("build-killed");
    } finally {
      killed.destroyForcibly(); // SIGKILL: no shutdown hook, no release
      killed.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(holder()).isEqualTo("build-killed");

    StepRun next = deploy("build-next");

    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(next.err()).contains("taking over the deploy lock from build-killed");
  }

  private String holder() {
    var lease = kube.client().leases().inNamespace(tutor.namespace()).withName(DeployLock.NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  @DisplayName("render's live diff of the release just deployed: nothing changed or pruned (server defaults, status and managed fields never show); Tutor's Job templates, which deploy runs tasks from and never applies, show as templates, not as added")
  void renderAfterDeploySaysNoChanges() throws IOException {
    assertThat(deploy("build-1").exitCode()).isZero();

    StepRun render = StepRun.withEnvironment(environment(),
        "render", "--config", tutor.config(), "--platform", "acme", "--tutor-root", tutor.root().toString(),
        "--kubeconfig", kubeconfig.toString(), "--output", dir.resolve("render").toString());

    assertThat(render.exitCode()).as(render.err()).isZero();
    assertThat(render.out()).containsPattern("(?m)^0 added, 0 changed, 0 pruned, \\d+ unchanged$");
    String preview = Files.readString(dir.resolve("render/preview.md"));
    List<String> templates = preview.lines().filter(l -> l.startsWith("| template |")).toList();
    assertThat(templates).hasSize(3).allMatch(l -> l.matches("\\| template \\| `Job/(lms|cms|mysql)-job` \\|.*"), "Tutor's Job templates");
    assertThat(preview).contains(", 3 Tutor Job templates (deploy runs the init tasks from them and never applies them).");
  }

  /** Lets platform acme create {@code kind} ({@code group/Kind}) and adds {@code yaml} to its env (through Tutor). */
  private void allowKindAndAdd(String kind, String yaml) throws IOException {
    Path config = Path.of(tutor.config());
    Files.writeString(config, Files.readString(config).replace("\tnamespace = " + tutor.namespace() + "\n",
        "\tnamespace = " + tutor.namespace() + "\n\tallowedKind = " + kind + "\n"));
    RealTutor.extra(tutor.root(), "---\n" + yaml);
    RealTutor.commit(tutor.root(), "a plugin adds a " + kind);
  }

  @Test
  @DisplayName("a kind the API server does not serve (its CRD is not installed) is one clear line before anything is written, exit 1")
  void kindNotServed() throws IOException {
    allowKindAndAdd("monitoring.coreos.com/ServiceMonitor", "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\n"
        + "metadata:\n  name: lms\nspec:\n  selector:\n    matchLabels:\n      app: lms\n  endpoints:\n  - port: http\n");

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("does not serve ServiceMonitor (monitoring.coreos.com/v1): is its CustomResourceDefinition installed");
    assertThat(run.err().lines().filter(l -> !l.startsWith("deploy: "))).hasSize(1);
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("a kind the map allows but the API server serves as cluster-scoped is refused as outside the lane (exit 3), nothing written")
  void clusterScopedByDiscovery() throws Exception {
    kubectl("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.lanes-test.example.org
        spec:
          group: lanes-test.example.org
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Cluster
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """, "apply", "--server-side", "--field-manager=lanes-test-setup", "-f", "-");
    kubectl("", "wait", "--for=condition=Established", "--timeout=60s", "crd/widgets.lanes-test.example.org");
    allowKindAndAdd("lanes-test.example.org/Widget", "apiVersion: lanes-test.example.org/v1\nkind: Widget\nmetadata:\n  name: w\n");

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("Widget/w: the API server serves Widget as cluster-scoped, outside the platform's namespace " + tutor.namespace());
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("a namespace that does not exist is one clear line saying who creates it, exit 1")
  void namespaceMissing() {
    Project elsewhere = project(dir.resolve("elsewhere"), kube.newNamespaceName("missing"));
    List<String> args = args(elsewhere, kube.adminKubeconfig(), "deploy", "build-1");

    StepRun run = StepRun.withEnvironment(environment(), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("cannot take the deploy lock Lease/lanes-deploy in namespace " + elsewhere.namespace())
        .contains("404 namespaces \"" + elsewhere.namespace() + "\" not found")
        .contains("the cluster's admin creates the namespace with the ServiceAccount Lanes deploys as");
    assertThat(kube.client().namespaces().withName(elsewhere.namespace()).get()).isNull();
  }

  @Test
  @DisplayName("a field the schema does not declare (a typo) is refused by the API server's strict field validation: render's dry run and deploy name it; lms stays as it was")
  void strictFieldValidation() {
    assertThat(deploy("build-1").exitCode()).isZero();
    long generation = kube.client().apps().deployments().inNamespace(tutor.namespace()).withName("lms").get()
        .getMetadata().getGeneration();
    RealTutor.override(tutor.root(), lmsReplicas(2) + "  replica: 3\n");
    RealTutor.commit(tutor.root(), "a typo");

    StepRun render = StepRun.withEnvironment(environment(),
        "render", "--config", tutor.config(), "--platform", "acme", "--tutor-root", tutor.root().toString(),
        "--kubeconfig", kubeconfig.toString(), "--output", dir.resolve("render").toString());
    StepRun deploy = deploy("build-2");

    assertThat(render.exitCode()).as(render.err()).isEqualTo(1);
    assertThat(render.err()).contains("Deployment/lms").contains(".spec.replica: field not declared in schema");
    assertThat(deploy.exitCode()).as(deploy.err()).isEqualTo(1);
    assertThat(deploy.err()).contains("cannot apply Deployment/lms").contains(".spec.replica: field not declared in schema");
    assertThat(lmsReplicas()).isEqualTo(2);
    assertThat(kube.client().apps().deployments().inNamespace(tutor.namespace()).withName("lms").get()
        .getMetadata().getGeneration()).isEqualTo(generation);
  }
}
