package io.lanes.steps.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.lanes.steps.StepRun;
import io.lanes.steps.dojob.DoJobs;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preview up} of the sample Tutor project (real Tutor 22) on the real control plane, as the platform's preview
 * ServiceAccount fenced as {@code preview access} prints: the map's smaller MySQL, the demo course seeded once through
 * Tutor's {@code do importdemocourse}, and the owner taken from the change's commit.
 */
@DisplayName("preview up of a real Tutor project on the real control plane: smaller MySQL, demo course seeded once, owner from the commit")
class PreviewSeedAgainstKubeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "lanes-preview";

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Path project;
  private Path previewKubeconfig;

  @BeforeEach
  void setUp() throws Exception {
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    Files.writeString(
        project.resolve("lanes.config"),
        "[preview \"acme\"]\n  lmsHost = learn.acme.example\n  host = c{change}.preview.acme.example\n"
            + "  cpu = 20\n  memory = 40Gi\n  objects = 60\n  mysqlMemory = 768Mi\n  mysqlStorage = 2Gi\n"
            + "  seed = demo-course\n",
        StandardOpenOption.APPEND);
    String accountNamespace = kube.newNamespaceName("previews");
    previewKubeconfig = kube.serviceAccountKubeconfig(accountNamespace, ACCOUNT);
    StepRun access = StepRun.of(
        "preview", "access", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--service-account", accountNamespace + "/" + ACCOUNT);
    assertThat(access.exitCode()).as(access.err()).isZero();
    StepRun applied = kube.kubectlAs(kube.adminKubeconfig(), access.out(), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.out()).isZero();
    for (int i = 0; i < 100; i++) {
      StepRun probe = kube.kubectlAs(previewKubeconfig, "", "label", "namespace", kube.namespace(), "lanes.io/probe=1",
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
      if (namespace.getMetadata().getName().startsWith(kube.namespace() + "-")) {
        kube.client().namespaces().withName(namespace.getMetadata().getName()).delete();
      }
    }
  }

  private StepRun up(int patchset, Path result) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    List<String> args = new ArrayList<>(List.of(
        "preview", "up", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--tutor-root", project.toString(), "--kubeconfig", previewKubeconfig.toString(), "--holder", "preview-test",
        "--poll-interval", "200", "--rollout-timeout", "90", "--change", "7", "--patchset", Integer.toString(patchset),
        "--result", result.toString()));
    return StepRun.withEnvironment(environment, args.toArray(String[]::new));
  }

  @Test
  @DisplayName("up: MySQL gets mysqlMemory and a small buffer pool, its claim mysqlStorage; Tutor's importdemocourse"
      + " runs once as a do Job in the preview (recorded), not again for the next patch set; the owner is the"
      + " commit's author")
  void smallerMysqlSeedOnceOwnerFromCommit() throws Exception {
    String ns = kube.namespace() + "-c7";
    Path first = dir.resolve("up-1.json");

    StepRun run = up(1, first);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("https://c7.preview.acme.example/\n");
    assertThat(kube.client().namespaces().withName(ns).get().getMetadata().getAnnotations())
        .containsEntry(PreviewLane.ANNOTATION_OWNER, "test@example.org");
    Container mysql = kube.client().apps().deployments().inNamespace(ns).withName("mysql").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(mysql.getResources().getLimits().get("memory").toString()).isEqualTo("768Mi");
    assertThat(mysql.getResources().getRequests().get("memory").toString()).isEqualTo("768Mi");
    assertThat(mysql.getArgs()).contains("--innodb-buffer-pool-size=64M", "--performance-schema=OFF");
    PersistentVolumeClaim claim = kube.client().persistentVolumeClaims().inNamespace(ns).withName("mysql").get();
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
    List<GenericKubernetesResource> seeds = kube.client().genericKubernetesResources("batch/v1", "Job")
        .inNamespace(ns).withLabel(DoJobs.LABEL_DO_OF, "acme").list().getItems();
    assertThat(seeds).hasSize(1);
    assertThat(seeds.get(0).getMetadata().getAnnotations()).containsEntry(DoJobs.ANNOTATION_JOB, "importdemocourse");
    assertThat(seeds.get(0).getMetadata().getName()).startsWith("cms-job-do-01-");
    ConfigMap record = kube.client().configMaps().inNamespace(ns).withName("lanes-do-acme-1").get();
    assertThat(record.getData()).containsEntry("job", "importdemocourse").containsEntry("result", "succeeded");
    JsonNode report = JSON.readTree(first.toFile());
    assertThat(report.at("/lanes/preview/seeds/0/seed").asText()).isEqualTo("demo-course");
    assertThat(report.at("/lanes/preview/seeds/0/outcome").asText()).isEqualTo("seeded");
    assertThat(report.at("/lanes/preview/seeds/0/record").asText()).isEqualTo("lanes-do-acme-1");
    assertThat(schemaErrors(report)).as(report.toString()).isEmpty();
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withLabel(DoJobs.LABEL_DO_OF, "acme").list()
        .getItems()).as("nothing seeded in the platform's own namespace").isEmpty();

    Path second = dir.resolve("up-2.json");
    StepRun again = up(2, second);

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("seed demo-course (do importdemocourse) already made in " + ns);
    assertThat(JSON.readTree(second.toFile()).at("/lanes/preview/seeds/0/outcome").asText()).isEqualTo("already seeded");
    assertThat(kube.client().configMaps().inNamespace(ns).withLabel(DoJobs.LABEL_DO_OF, "acme").list().getItems())
        .hasSize(1);
  }

  private static List<?> schemaErrors(JsonNode document) throws java.io.IOException {
    String text = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/result.schema.json"));
    return com.networknt.schema.SchemaRegistry.withDefaultDialect(com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
        .getSchema(text, com.networknt.schema.InputFormat.JSON).validate(document);
  }
}
