package io.lanes.steps.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.TutorRoot;
import io.lanes.steps.testing.kube.KubeCluster;
import io.lanes.steps.testing.kube.KubePlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preview up|down|list} on the real control plane (kube.sh), as the platform's preview ServiceAccount with
 * exactly the rights {@code preview access} prints (RBAC and a ValidatingAdmissionPolicy, applied by the test as the
 * cluster administrator would). What the steps wrote is read from the API server's audit log.
 */
@DisplayName("preview platforms on the real control plane (kube.sh)")
class PreviewAgainstKubeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "lanes-preview";

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private KubePlatform platform;
  private TutorRoot tutor;
  private String accountNamespace;
  private Path previewKubeconfig;

  @BeforeEach
  void setUp() throws Exception {
    platform = new KubePlatform(kube, dir);
    tutor = platform.tutor;
    Files.writeString(
        Path.of(tutor.config),
        "[preview \"acme\"]\n  lmsHost = learn.acme.example.org\n  host = c{change}.preview.acme.example.org\n"
            + "  cpu = 20\n  memory = 40Gi\n  objects = 60\n  ttlHours = 1\n",
        java.nio.file.StandardOpenOption.APPEND);
    tutor.commit("previews for acme");
    accountNamespace = kube.newNamespaceName("previews");
    previewKubeconfig = kube.serviceAccountKubeconfig(accountNamespace, ACCOUNT);
    StepRun access = platform.run(List.of(
        "preview", "access", "--config", tutor.config, "--platform", "acme",
        "--service-account", accountNamespace + "/" + ACCOUNT));
    assertThat(access.exitCode()).as(access.err()).isZero();
    kubectl(access.out(), "apply", "-f", "-");
    // the API server loads a new admission policy from a watch: wait until it denies what it must
    for (int i = 0; i < 100; i++) {
      StepRun probe = kube.kubectlAs(previewKubeconfig, "", "label", "namespace", tutor.namespace, "lanes.io/probe=1",
          "--dry-run=server");
      if (probe.out().contains("writes only in preview namespaces")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the preview admission policy never took effect");
  }

  @AfterEach
  void removePreviews() {
    for (Namespace namespace : kube.client().namespaces().withLabel(PreviewLane.LABEL_PREVIEW_OF).list().getItems()) {
      if (namespace.getMetadata().getName().startsWith(tutor.namespace + "-")) {
        kube.client().namespaces().withName(namespace.getMetadata().getName()).delete();
      }
    }
  }

  private String previewNamespace(int change) {
    return tutor.namespace + "-c" + change;
  }

  private StepRun up(int change, int patchset, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "preview", "up", "--config", tutor.config, "--platform", "acme", "--tutor-root", tutor.root.toString(),
        "--kubeconfig", previewKubeconfig.toString(), "--holder", "preview-test", "--poll-interval", "200",
        "--rollout-timeout", "90", "--change", Integer.toString(change), "--patchset", Integer.toString(patchset),
        "--owner", "alice"));
    args.addAll(List.of(more));
    return platform.run(args);
  }

  private StepRun preview(String verb, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "preview", verb, "--config", tutor.config, "--platform", "acme", "--kubeconfig", previewKubeconfig.toString()));
    args.addAll(List.of(more));
    return platform.run(args);
  }

  /** The writes the preview ServiceAccount made since the test began. */
  private List<KubeCluster.Write> previewWrites() {
    String user = KubeCluster.user(accountNamespace, ACCOUNT);
    return kube.allWrites().stream().filter(w -> w.user().equals(user)).filter(KubeCluster.Write::succeeded)
        .filter(w -> !w.dryRun()).toList();
  }

  /**
   * Writes by anyone but the cluster's own controllers into the platform's own namespace (or on its Namespace object)
   * since the test began; the set-up's dry-run probes of the admission policy change nothing and are left out.
   */
  private List<KubeCluster.Write> platformNamespaceWrites() {
    return kube.allWrites().stream()
        .filter(w -> !w.dryRun())
        .filter(w -> w.namespace().equals(tutor.namespace)
            || w.resource().equals("namespaces") && w.name().equals(tutor.namespace))
        .filter(w -> !w.user().startsWith("system:serviceaccount:kube-system:")
            && !w.user().equals("system:kube-controller-manager") && !w.user().startsWith("system:node"))
        .toList();
  }

  private void kubectl(String stdin, String... args) throws Exception {
    StepRun run = kube.kubectlAs(kube.adminKubeconfig(), stdin, args);
    assertThat(run.exitCode()).as(run.out() + "\n" + stdin).isZero();
  }

  @Test
  @DisplayName("up: the change runs in its own labelled namespace with quota and limits, one replica, the preview's"
      + " host, no backup CronJob; the URL on stdout and in the result; every write in that namespace; a second patch"
      + " set updates the same preview; the platform's own namespace is never written")
  void upThenSecondPatchSet() throws Exception {
    Path result = dir.resolve("result.json");
    StepRun run = up(101, 1, "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("https://c101.preview.acme.example.org/\n");
    String ns = previewNamespace(101);
    Namespace namespace = kube.client().namespaces().withName(ns).get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("lanes.io/preview-of", "acme").containsEntry("lanes.io/change", "101")
        .containsEntry("lanes.io/patchset", "1");
    assertThat(namespace.getMetadata().getAnnotations()).containsEntry("lanes.io/preview-owner", "alice");
    ResourceQuota quota = kube.client().resourceQuotas().inNamespace(ns).withName("lanes-preview").get();
    assertThat(quota.getSpec().getHard().get("limits.cpu").toString()).isEqualTo("20");
    assertThat(quota.getSpec().getHard().get("pods").toString()).isEqualTo("60");
    assertThat(kube.client().limitRanges().inNamespace(ns).withName("lanes-preview").get()).isNotNull();
    assertThat(kube.client().apps().deployments().inNamespace(ns).list().getItems())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isEqualTo(1));
    String caddyfile = kube.client().configMaps().inNamespace(ns).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith("caddy-config")).findFirst().orElseThrow()
        .getData().get("Caddyfile");
    assertThat(caddyfile).contains("c101.preview.acme.example.org").doesNotContain("learn.acme.example.org");
    assertThat(kube.client().batch().v1().cronjobs().inNamespace(ns).list().getItems()).isEmpty();
    JsonNode report = JSON.readTree(result.toFile());
    assertThat(report.at("/lanes/preview/url").asText()).isEqualTo("https://c101.preview.acme.example.org/");
    assertThat(report.at("/lanes/preview/namespace").asText()).isEqualTo(ns);
    assertThat(report.at("/zuul/artifacts/0/url").asText()).isEqualTo("https://c101.preview.acme.example.org/");
    assertThat(schemaErrors(report)).as(report.toString()).isEmpty();
    List<KubeCluster.Write> writes = previewWrites();
    assertThat(writes).isNotEmpty().allSatisfy(w -> assertThat(
        w.namespace().equals(ns) || w.resource().equals("namespaces") && w.name().equals(ns)
            || w.resource().equals("selfsubjectreviews")).as(w.toString()).isTrue());

    tutor.change("apps/caddy/Caddyfile", "auto_https off", "auto_https off\n\tadmin off");
    StepRun second = up(101, 2);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(kube.client().namespaces().withName(ns).get().getMetadata().getLabels())
        .containsEntry("lanes.io/patchset", "2");
    assertThat(kube.client().configMaps().inNamespace(ns).list().getItems().stream()
        .filter(c -> c.getMetadata().getName().startsWith("caddy-config"))
        .map(c -> c.getData().get("Caddyfile")).toList())
        .singleElement().asString().contains("admin off");
    assertThat(kube.client().namespaces().withLabel("lanes.io/preview-of", "acme").list().getItems().stream()
        .map(n -> n.getMetadata().getName()).filter(n -> n.startsWith(tutor.namespace + "-")).toList())
        .containsExactly(ns);
    assertThat(platformNamespaceWrites()).isEmpty();
  }

  @Test
  @DisplayName("two previews never touch each other: down of one leaves nothing of it and the other intact; list"
      + " shows both with owner and age first")
  void twoPreviewsThenDown() throws Exception {
    assertThat(up(101, 1).exitCode()).isZero();
    List<KubeCluster.Write> before = previewWrites();
    StepRun second = up(102, 3);
    assertThat(second.exitCode()).as(second.err()).isZero();
    List<KubeCluster.Write> writesOf102 = previewWrites().subList(before.size(), previewWrites().size());
    String ns101 = previewNamespace(101);
    String ns102 = previewNamespace(102);
    assertThat(writesOf102).isNotEmpty().noneMatch(w -> w.namespace().equals(ns101) || w.name().equals(ns101));

    Path listed = dir.resolve("list.json");
    StepRun list = preview("list", "--result", listed.toString());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(schemaErrors(JSON.readTree(listed.toFile()))).isEmpty();
    // the cluster is shared: previews of "acme" from earlier tests may still be terminating, so only this test's rows
    assertThat(list.out().lines().findFirst().orElseThrow()).startsWith("NAMESPACE");
    assertThat(list.out().lines().filter(l -> l.startsWith(tutor.namespace + "-")).toList())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith(ns101 + " ").contains("alice"))
        .anySatisfy(l -> assertThat(l).startsWith(ns102 + " ").contains("alice"));

    int deployments101 = kube.client().apps().deployments().inNamespace(ns101).list().getItems().size();
    StepRun down = preview("down", "--change", "102", "--poll-interval", "200");

    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(down.out()).isEqualTo("preview down: removed " + ns102 + "\n");
    assertThat(kube.client().namespaces().withName(ns102).get()).isNull();
    assertThat(kube.client().apps().deployments().inNamespace(ns101).list().getItems()).hasSize(deployments101);
    assertThat(preview("down", "--change", "102").out()).isEqualTo("preview down: nothing removed\n");
    assertThat(platformNamespaceWrites()).isEmpty();
  }

  @Test
  @DisplayName("down --expired removes only this platform's previews past their TTL")
  void expiredRemoved() throws Exception {
    String old = previewNamespace(201);
    String fresh = previewNamespace(202);
    String other = kube.newNamespaceName("globex-c7");
    createPreviewNamespace(old, "acme", 201, Instant.now().minusSeconds(2 * 3600));
    createPreviewNamespace(fresh, "acme", 202, Instant.now().minusSeconds(600));
    createPreviewNamespace(other, "globex", 7, Instant.now().minusSeconds(10 * 3600));

    StepRun run = preview("down", "--expired", "--poll-interval", "200");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("preview down: removed " + old + "\n");
    assertThat(kube.client().namespaces().withName(old).get()).isNull();
    assertThat(kube.client().namespaces().withName(fresh).get()).isNotNull();
    assertThat(kube.client().namespaces().withName(other).get()).isNotNull();
  }

  private static List<?> schemaErrors(JsonNode document) throws java.io.IOException {
    String text = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/result.schema.json"));
    return com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
        .getSchema(text, com.networknt.schema.InputFormat.JSON).validate(document);
  }

  private void createPreviewNamespace(String name, String platformName, int change, Instant updated) {
    kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/preview-of", platformName,
            "lanes.io/change", Integer.toString(change), "lanes.io/patchset", "1"))
        .withAnnotations(Map.of("lanes.io/preview-updated", updated.toString(), "lanes.io/preview-owner", "bob"))
        .endMetadata().build()).create();
  }

  @Test
  @DisplayName("a change that breaks the lane gets no preview: exit 3, no namespace, nothing written")
  void laneBreakingChangeGetsNoPreview() throws Exception {
    tutor.addResource("k8s/rbac.yml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: root}\n"
            + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n"
            + "subjects: [{kind: User, name: mallory}]\n");

    StepRun run = up(301, 1);

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("ClusterRoleBinding/root");
    assertThat(kube.client().namespaces().withName(previewNamespace(301)).get()).isNull();
    assertThat(previewWrites()).isEmpty();
  }

  @Test
  @DisplayName("the preview account's fence: it can neither label the platform's namespace as a preview nor write in"
      + " it, nor create a namespace outside the preview pattern (RBAC and the admission policy, real API server)")
  void previewAccountIsFenced() throws Exception {
    StepRun label = kube.kubectlAs(previewKubeconfig, "", "label", "namespace", tutor.namespace, "lanes.io/preview-of=acme");
    StepRun write = kube.kubectlAs(previewKubeconfig, "", "create", "configmap", "x", "-n", tutor.namespace);
    StepRun outside = kube.kubectlAs(previewKubeconfig,
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + tutor.namespace + "-other\n  labels:\n"
            + "    lanes.io/preview-of: acme\n", "create", "-f", "-");

    assertThat(label.exitCode()).as(label.out()).isNotZero();
    assertThat(label.out()).contains("writes only in preview namespaces of platform acme");
    assertThat(write.exitCode()).as(write.out()).isNotZero();
    assertThat(outside.exitCode()).as(outside.out()).isNotZero();
    assertThat(outside.out()).contains("writes only in preview namespaces of platform acme");
    assertThat(kube.client().namespaces().withName(tutor.namespace).get().getMetadata().getLabels())
        .doesNotContainKey("lanes.io/preview-of");
    assertThat(previewWrites()).isEmpty();
  }
}
