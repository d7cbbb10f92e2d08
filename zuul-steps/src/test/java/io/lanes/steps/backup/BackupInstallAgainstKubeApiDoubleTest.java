package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.lanes.steps.StepArguments;
import io.lanes.steps.StepRun;
import io.lanes.steps.deploy.ObjectDigest;
import io.lanes.steps.testing.kube.KubeApiDouble;
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

@DisplayName("backup install against the Kubernetes API test double (fabric8 CRUD mock + approximated server-side apply)")
class BackupInstallAgainstKubeApiDoubleTest {
  private static final String SAMPLE = "../src/sample-platform/lanes.config";
  private static final String NAMESPACE = "openedx-acme";

  @RegisterExtension final KubeApiDouble kube = new KubeApiDouble();

  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void setUp() throws IOException {
    kubeconfig = kube.kubeconfig(dir);
  }

  private StepRun install(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("backup", "install", "--config", SAMPLE, "--platform", "acme", "--kubeconfig", kubeconfig.toString()));
    if (!List.of(more).contains("--image")) {
      args.addAll(List.of("--image", "registry/lanes/zuul-steps:1"));
    }
    args.addAll(List.of(more));
    return StepRun.of(args.toArray(String[]::new));
  }

  private CronJob cronJob() {
    return kube.client().batch().v1().cronjobs().inNamespace(NAMESPACE).withName("lanes-backup-acme").get();
  }

  private ConfigMap configMap() {
    return kube.client().configMaps().inNamespace(NAMESPACE).withName("lanes-backup-acme").get();
  }

  @Test
  @DisplayName("applies the ConfigMap and the CronJob server-side in the platform's namespace, digest-annotated")
  void appliesBoth() {
    StepRun run = install();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(kube.writes())
        .containsExactly(
            "APPLY /api/v1/namespaces/openedx-acme/configmaps/lanes-backup-acme",
            "APPLY /apis/batch/v1/namespaces/openedx-acme/cronjobs/lanes-backup-acme");
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
    int writes = kube.writes().size();

    StepRun again = install("--result", dir.resolve("result.json").toString());

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(kube.writes()).hasSize(writes);
    assertThat(cronJob().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(again.err()).contains("CronJob/lanes-backup-acme unchanged").contains("2 objects, 0 written");
  }

  @Test
  @DisplayName("a changed input updates only the object it changes")
  void updatesWhatChanged() {
    assertThat(install().exitCode()).isZero();
    int writes = kube.writes().size();

    StepRun run = install("--image", "registry/lanes/zuul-steps:2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(kube.writes().subList(writes, kube.writes().size()))
        .containsExactly("APPLY /apis/batch/v1/namespaces/openedx-acme/cronjobs/lanes-backup-acme");
    var container = cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry/lanes/zuul-steps:2");
    assertThat(run.err()).contains("ConfigMap/lanes-backup-acme unchanged").contains("CronJob/lanes-backup-acme updated");
  }

  @Test
  @DisplayName("an encryption key flag is refused while parsing: the job's key is the map's, read from the Secret")
  void keyFlagsRefused() throws IOException {
    Path key = dir.resolve("backup.key");
    Files.writeString(key, "x");

    for (List<String> flag : List.of(List.of("--encryption-key-file", key.toString()),
        List.of("--encryption-key-env", "LANES_BACKUP_KEY"))) {
      StepRun run = install(flag.toArray(String[]::new));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("backup install: the job's encryption key is the platform map's"
          + " backup.<name>.encryptionKeyEnv (the Secret's key holding it), not a flag\n");
      assertThat(StepArguments.step("backup install").findOption(flag.get(0)).hidden()).isTrue();
    }
    assertThat(kube.writes()).isEmpty();
  }

  @Test
  @DisplayName("an unreachable API server is one failure naming the object and the server")
  void unreachableServer() throws IOException {
    Path unreachable = dir.resolve("unreachable.yaml");
    Files.writeString(unreachable, Files.readString(kubeconfig).replace(kube.url(), "http://127.0.0.1:1/"));
    List<String> args =
        List.of(
            "backup", "install", "--config", SAMPLE, "--platform", "acme", "--image", "x",
            "--kubeconfig", unreachable.toString());

    StepRun run = StepRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ConfigMap/lanes-backup-acme").contains("127.0.0.1:1");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }
}
