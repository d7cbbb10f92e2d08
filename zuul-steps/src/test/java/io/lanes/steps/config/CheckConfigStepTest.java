package io.lanes.steps.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import io.lanes.steps.testing.TestMaps;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigStepTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the sample platform map passes, warning that only project owners can lift globex's freeze")
  void samplePasses() {
    Path sample = Path.of("../src/sample-platform/lanes.config");

    StepRun run = StepRun.of("check-config", sample.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(sample + ": ok (2 platforms, 2 clusters, 2 backups)\n");
    assertThat(run.err())
        .isEqualTo(
            sample
                + ": warning: platform.globex.ownerGroup: not set on a frozen platform: only the project's owners"
                + " (or Administrators) can lift its freeze; name the platform's owners here\n");
  }

  @Test
  @DisplayName("two platforms whose backups share endpoint, bucket and credential Secret are refused, exit 2, one"
      + " line per platform naming its key, the other platform, the bucket and the Secret")
  void sharedBackupCredentialRefused() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(file, TestMaps.SHARED_BACKUP_CREDENTIAL);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .containsExactly(
            file + ": platform.globex.backup: platforms acme and globex back up to bucket openedx-backups at"
                + " http://s3.example.org with the same credential Secret backup-s3 (both use backup.nightly): each"
                + " platform's backups need their own credential, scoped to openedx-backups/<platform>/; give globex a"
                + " [backup] section with its own credentialSecret",
            file + ": platform.initech.backup: platforms acme and initech back up to bucket openedx-backups at"
                + " http://s3.example.org with the same credential Secret backup-s3 (backup.nightly and"
                + " backup.initech): each platform's backups need their own credential, scoped to"
                + " openedx-backups/<platform>/; give initech a [backup] section with its own credentialSecret");

    Files.writeString(file, TestMaps.SHARED_BACKUP_CREDENTIAL.replace(
        "[backup \"initech\"]\n  endpoint = http://s3.example.org\n  bucket = openedx-backups\n  credentialSecret = backup-s3",
        "[backup \"initech\"]\n  endpoint = http://s3.example.org\n  bucket = openedx-backups\n  credentialSecret = backup-s3-initech")
        .replace("  backup = nightly\n[platform \"initech\"]", "[platform \"initech\"]"));
    StepRun separate = StepRun.of("check-config", file.toString());
    assertThat(separate.exitCode()).as(separate.err()).isZero();
  }

  @Test
  @DisplayName("a reserved namespace and another platform's image prefix are refused, exit 2")
  void reservedNamespaceAndForeignImagePrefixRefused() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(
        file,
        """
        [platform "acme"]
          namespace = kube-system
          cluster = prod
        [platform "globex"]
          namespace = openedx-globex
          cluster = prod
          allowedImage = localhost:5000/acme/
        [cluster "prod"]
          server = https://10.0.0.10:6443
        """);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            file + ": platform.acme.namespace: \"kube-system\" is reserved for Kubernetes (default,"
                + " kube-node-lease, kube-public, kube-system and any kube-* namespace)",
            file + ": platform.globex.allowedImage: \"localhost:5000/acme/\" covers images of platform acme"
                + " (localhost:5000/acme/): a platform may use only its own images and shared ones");
  }

  @Test
  @DisplayName("five mistakes print five lines naming five keys, and exit 2")
  void fiveMistakesFiveLines() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(
        file,
        """
        [platform "acme"]
          branch = main
          namespace = openedx-acme
          cluster = staging
        [platform "beta"]
          namespace = openedx-acme
          cluster = prod
          protected = true
        [cluster "prod"]
          server = https://10.0.0.10:6443
          drCluster = prod
        """);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            file + ": platform.acme.branch: \"main\" is outside platform/ (a platform branch is platform/<name>)",
            file + ": platform.acme.cluster: cluster \"staging\" is not declared (declared: prod)",
            file + ": platform.beta.ownerGroup: missing (required when protected = true)",
            file + ": platform.beta.namespace: openedx-acme is already the namespace of platform acme",
            file + ": cluster.prod.drCluster: a cluster cannot be its own DR cluster");
  }

  @Test
  @DisplayName("a missing file is one line naming it, exit 2")
  void missingFile() {
    StepRun run = StepRun.of("check-config", dir.resolve("nope.config").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(dir.resolve("nope.config") + ": no such file\n");
  }

  @Test
  @DisplayName("--result records the checked platforms")
  void resultFile() throws Exception {
    Path result = dir.resolve("out/result.json");

    StepRun run =
        StepRun.of("check-config", "../src/sample-platform/lanes.config", "--result", result.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(result)).contains("\"platforms\" : [ \"acme\", \"globex\" ]");
  }
}
