package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.TestMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupInstallStepTest {
  private static final String SAMPLE = "../src/sample-platform/lanes.config";

  @TempDir Path dir;

  @Test
  @DisplayName("renders a Forbid-concurrency CronJob in the platform's namespace that runs backup run with the Secret")
  void rendersCronJob() {
    StepRun run =
        StepRun.of("backup", "install", "--config", SAMPLE, "--platform", "acme", "--image", "registry/lanes/zuul-steps:1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("kind: ConfigMap")
        .contains("kind: CronJob")
        .contains("namespace: openedx-acme")
        .contains("schedule: 30 1 * * *")
        .contains("concurrencyPolicy: Forbid")
        .contains("successfulJobsHistoryLimit: 3")
        .contains("activeDeadlineSeconds: 21600")
        .contains("name: backup-s3")
        .contains("- run")
        .contains("app.kubernetes.io/managed-by: lanes")
        .contains("lanes.config: ");
    assertThat(run.err()).contains("CronJob/lanes-backup-acme").contains("give --kubeconfig or --in-cluster to apply them");
  }

  @Test
  @DisplayName("what the job dumps, and the key it encrypts with, come from the map's backup section; the image"
      + " defaults to the platform's own zuul-steps, as render and deploy use")
  void jobFollowsTheMap() throws Exception {
    Path map = dir.resolve("lanes.config");
    Files.writeString(map, Files.readString(Path.of(SAMPLE))
        + "[backup \"nightly\"]\n\tdatabases = mysql\n\tmysqlHost = mysql.db.example.org\n\tmysqlPort = 3307\n"
        + "\tencryptionKeyEnv = LANES_BACKUP_KEY\n");

    StepRun run = StepRun.of("backup", "install", "--config", map.toString(), "--platform", "acme");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("image: localhost:5000/acme/zuul-steps:latest-acme")
        .contains("- --mysql-host\n").contains("- mysql.db.example.org\n")
        .contains("- --mysql-port\n").contains("- '3307'\n")
        .contains("- --encryption-recipients-env\n").contains("- LANES_BACKUP_KEY\n")
        .doesNotContain("--mongodb-uri-env");

    StepRun tutor = StepRun.of("backup", "install", "--config", SAMPLE, "--platform", "acme");

    assertThat(tutor.exitCode()).as(tutor.err()).isZero();
    assertThat(tutor.out())
        .contains("- mysql\n").contains("- '3306'\n").contains("- --mongodb-uri-env\n")
        .doesNotContain("--encryption-recipients-env");
  }

  @Test
  @DisplayName("the printed YAML is what kubectl reads: quantities as strings, every argument a string")
  void printedYamlIsKubernetesYaml() {
    StepRun run = StepRun.of("backup", "install", "--config", SAMPLE, "--platform", "acme");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<HasMetadata> objects = new KubernetesSerialization().unmarshal(run.out());
    CronJob cronJob = (CronJob) objects.get(1);
    Container container = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsSequence("--mysql-port", "3306");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("384Mi");
    assertThat(run.out()).contains("memory: 384Mi").contains("- '3306'").doesNotContain("amount:");
  }

  @Test
  @DisplayName("binlogSeconds adds a one-replica Recreate Deployment running backup binlogs at that interval with the"
      + " job's image, Secret, map and recipients; without it there is none")
  void binlogShipperFollowsTheMap() throws Exception {
    Path map = dir.resolve("lanes.config");
    Files.writeString(map, Files.readString(Path.of(SAMPLE))
        + "[backup \"nightly\"]\n\tbinlogSeconds = 15\n\tencryptionKeyEnv = LANES_BACKUP_KEY\n");

    StepRun run = StepRun.of("backup", "install", "--config", map.toString(), "--platform", "acme", "--image", "z:1");
    StepRun without = StepRun.of("backup", "install", "--config", SAMPLE, "--platform", "acme", "--image", "z:1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<HasMetadata> objects = new KubernetesSerialization().unmarshal(run.out());
    assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ConfigMap", "CronJob", "Deployment");
    var deployment = (io.fabric8.kubernetes.api.model.apps.Deployment) objects.get(2);
    assertThat(deployment.getMetadata().getName()).isEqualTo("lanes-binlogs-acme");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("z:1");
    assertThat(container.getArgs())
        .startsWith("backup", "binlogs")
        .containsSequence("--interval", "15")
        .containsSequence("--mysql-host", "mysql")
        .containsSequence("--encryption-recipients-env", "LANES_BACKUP_KEY");
    assertThat(container.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("backup-s3");
    assertThat(without.out()).doesNotContain("kind: Deployment");
  }

  @Test
  @DisplayName("a platform without a backup section is one configuration error naming the key")
  void platformWithoutBackup() throws Exception {
    Path map = dir.resolve("lanes.config");
    Files.writeString(
        map, "[platform \"globex\"]\n  namespace = openedx-globex\n  cluster = prod\n[cluster \"prod\"]\n  server = https://k:6443\n");
    StepRun run = StepRun.of("backup", "install", "--config", map.toString(), "--platform", "globex", "--image", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("platform globex has no backup (set platform.globex.backup to a [backup] section)\n");
  }

  @Test
  @DisplayName("backup install refuses a platform whose backup credential another platform shares, exit 2, writing nothing")
  void sharedCredentialRefused() throws Exception {
    Path map = dir.resolve("lanes.config");
    Files.writeString(map, TestMaps.SHARED_BACKUP_CREDENTIAL);

    StepRun run = StepRun.of("backup", "install", "--config", map.toString(), "--platform", "acme", "--image", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("backup install: refusing to install a backup job whose credential another platform's job shares:\n"
            + "platform.globex.backup: platforms acme and globex back up to bucket openedx-backups")
        .contains("platform.initech.backup: platforms acme and initech");
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("backup without a subcommand is a usage error")
  void needsSubcommand() {
    StepRun run = StepRun.of("backup");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("backup needs a subcommand: run, binlogs or install");
  }
}
