package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
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
  @DisplayName("backup without a subcommand is a usage error")
  void needsSubcommand() {
    StepRun run = StepRun.of("backup");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("backup needs a subcommand: run or install");
  }
}
