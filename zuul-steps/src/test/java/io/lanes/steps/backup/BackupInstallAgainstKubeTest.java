package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.lanes.steps.StepArguments;
import io.lanes.steps.StepRun;
import io.lanes.steps.backup.job.BackupCronJob;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.testing.TutorRoot;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("backup install against the real control plane (kube.sh), as a namespaced ServiceAccount")
class BackupInstallAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;
  private Path kubeconfig;
  /** The sample map with platform acme in this test's namespace. */
  private String config;
  private String namespace;

  @BeforeEach
  void setUp() throws IOException {
    TutorRoot sample = TutorRoot.create(dir.resolve("platform"), kube.namespace());
    config = sample.config;
    namespace = sample.namespace;
    kubeconfig = kube.kubeconfig();
  }

  /** The step's writes (audit log) as {@code verb resource/name}. */
  private List<String> writes() {
    return kube.writes().stream().map(w -> w.verb() + " " + w.resource() + "/" + w.name()).toList();
  }

  private StepRun install(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("backup", "install", "--config", config, "--platform", "acme", "--kubeconfig", kubeconfig.toString()));
    if (!List.of(more).contains("--image")) {
      args.addAll(List.of("--image", "registry/lanes/zuul-steps:1"));
    }
    args.addAll(List.of(more));
    return StepRun.of(args.toArray(String[]::new));
  }

  private CronJob cronJob() {
    return kube.client().batch().v1().cronjobs().inNamespace(namespace).withName("lanes-backup-acme").get();
  }

  private ConfigMap configMap() {
    return kube.client().configMaps().inNamespace(namespace).withName("lanes-backup-acme").get();
  }

  @Test
  @DisplayName("applies the ConfigMap and the CronJob server-side in the platform's namespace, digest-annotated")
  void appliesBoth() {
    StepRun run = install();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(writes()).containsExactly("patch configmaps/lanes-backup-acme", "patch cronjobs/lanes-backup-acme");
    CronJob cronJob = cronJob();
    assertThat(cronJob.getSpec().getSchedule()).isEqualTo("30 1 * * *");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    var container = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).startsWith("backup", "run");
    assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getValue()).isEqualTo(BackupCronJob.JAVA_OPTIONS));
    assertThat(cronJob.getMetadata().getAnnotations()).containsKey(ObjectDigest.ANNOTATION);
    assertThat(cronJob.getMetadata().getManagedFields()).anySatisfy(f -> assertThat(f.getManager()).isEqualTo("lanes"));
    assertThat(configMap().getData()).containsKey("lanes.config");
    assertThat(run.err()).contains("CronJob/lanes-backup-acme created").contains("2 objects, 2 written");
  }

  @Test
  @DisplayName("a second install with the same inputs writes nothing: both objects unchanged")
  void idempotent() {
    assertThat(install().exitCode()).isZero();
    String resourceVersion = cronJob().getMetadata().getResourceVersion();
    int writes = writes().size();

    StepRun again = install("--result", dir.resolve("result.json").toString());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(writes()).hasSize(writes);
    assertThat(cronJob().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(again.err()).contains("CronJob/lanes-backup-acme unchanged").contains("2 objects, 0 written");
  }

  @Test
  @DisplayName("a changed input updates only the object it changes")
  void updatesWhatChanged() {
    assertThat(install().exitCode()).isZero();
    int writes = writes().size();

    StepRun run = install("--image", "registry/lanes/zuul-steps:2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(writes().subList(writes, writes().size())).containsExactly("patch cronjobs/lanes-backup-acme");
    var container = cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry/lanes/zuul-steps:2");
    assertThat(run.err()).contains("ConfigMap/lanes-backup-acme unchanged").contains("CronJob/lanes-backup-acme updated");
  }

  @Test
  @DisplayName("an encryption flag is refused while parsing: the job's recipients are the map's, read from the Secret")
  void keyFlagsRefused() throws IOException {
    Path key = dir.resolve("backup.key");
    Files.writeString(key, "x");

    for (List<String> flag : List.of(List.of("--encryption-key-file", key.toString()),
        List.of("--encryption-key-env", "LANES_BACKUP_KEY"), List.of("--encryption-recipient", "age1x"),
        List.of("--encryption-recipients-file", key.toString()))) {
      StepRun run = install(flag.toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("backup install: the job's age recipients are in the Secret's key the platform"
          + " map's backup.<name>.encryptionKeyEnv names, not a flag\n");
      assertThat(StepArguments.step("backup install").findOption(flag.get(0)).hidden()).isTrue();
    }
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("an unreachable API server is one failure naming the object and the server")
  void unreachableServer() throws IOException {
    Path unreachable = dir.resolve("unreachable.yaml");
    Files.writeString(unreachable, Files.readString(kubeconfig).replace(kube.url().replaceAll("/$", ""), "https://127.0.0.1:1"));
    List<String> args =
        List.of(
            "backup", "install", "--config", config, "--platform", "acme", "--image", "x",
            "--kubeconfig", unreachable.toString());

    StepRun run = StepRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ConfigMap/lanes-backup-acme").contains("127.0.0.1:1");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }
}
