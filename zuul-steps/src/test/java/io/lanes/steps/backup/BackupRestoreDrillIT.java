package io.lanes.steps.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import io.lanes.steps.StepRun;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import io.lanes.steps.testing.LocalService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link BackupRestoreDrillContract} with real Ceph radosgw (the seed's object gateway) as the S3 endpoint. */
@DisplayName("backup, restore, drill: real MariaDB + real Ceph RGW + real FerretDB (MongoDB protocol)")
class BackupRestoreDrillIT extends BackupRestoreDrillContract {
  private static Map<String, String> ceph;

  @BeforeAll
  static void startCeph() {
    ceph = LocalService.start("ceph");
  }

  @Override
  S3 s3() {
    return new S3(ceph.get("CEPH_S3_ENDPOINT"), ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY"));
  }

  /** Creates the RGW user {@code uid} with the given keys (radosgw-admin, as an RGW admin does). */
  private static void createUser(String uid, String accessKey, String secretKey) throws Exception {
    Process process = new ProcessBuilder(
            "radosgw-admin", "-c", ceph.get("CEPH_CONF"), "user", "create", "--uid=" + uid, "--display-name=" + uid,
            "--access-key=" + accessKey, "--secret=" + secretKey)
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
  }

  @Test
  @DisplayName("with the bucket policy backup install writes (one RGW user per platform), a platform's credential"
      + " backs up and restores its own prefix and cannot list, read or write another platform's backups")
  void credentialScopedToItsPlatformsPrefix() throws Exception {
    String other = "q" + UUID.randomUUID().toString().substring(0, 8);
    String bucket = "lanes-scoped-" + platform;
    Path scopedMap = dir.resolve("scoped.config");
    Files.writeString(scopedMap, """
        [platform "%1$s"]
          namespace = openedx-%1$s
          cluster = prod
          backup = mine
        [platform "%2$s"]
          namespace = openedx-%2$s
          cluster = prod
          backup = theirs
        [cluster "prod"]
          server = https://10.0.0.10:6443
        [backup "mine"]
          endpoint = %3$s
          bucket = %4$s
          credentialSecret = backup-s3-mine
        [backup "theirs"]
          endpoint = %3$s
          bucket = %4$s
          credentialSecret = backup-s3-theirs
        """.formatted(platform, other, s3().endpoint(), bucket));
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.createBucketIfMissing();
    }
    Map<String, String> mine = credentials(platform);
    Map<String, String> theirs = credentials(other);
    Path policy = dir.resolve("policy.json");

    StepRun install = StepRun.of(
        "backup", "install", "--config", scopedMap.toString(), "--platform", platform, "--image", "x",
        "--bucket-policy", policy.toString());

    assertThat(install.exitCode()).as(install.err()).isZero();
    assertThat(Files.readString(policy))
        .contains("arn:aws:iam:::user/lanes-backup-" + platform, "arn:aws:iam:::user/lanes-backup-" + other)
        .contains("arn:aws:s3:::" + bucket + "/" + platform + "/*", "\"" + platform + "/*\"");
    try (ObjectStore owner = ObjectStore.open(s3().endpoint(), bucket, new S3Credentials(s3().accessKey(), s3().secretKey()))) {
      owner.putBucketPolicy(Files.readString(policy));
    }

    StepRun backup = StepRun.withEnvironment(mine, scoped(scopedMap, platform, "backup", "run"));
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    StepRun theirBackup = StepRun.withEnvironment(theirs, scoped(scopedMap, other, "backup", "run"));
    assertThat(theirBackup.exitCode()).as(theirBackup.err()).isZero();
    StepRun verify = StepRun.withEnvironment(
        mine, "restore", "--config", scopedMap.toString(), "--platform", platform, "--dry-run");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.err()).contains("verified 3 objects");

    StepRun foreignList = StepRun.withEnvironment(
        mine, "restore", "--config", scopedMap.toString(), "--platform", other, "--list");
    assertThat(foreignList.exitCode()).isEqualTo(2);
    assertThat(foreignList.err()).contains("access denied").contains("check the S3 credentials");
    String theirManifest = other + "/" + theirBackup.out().strip() + "/manifest.json";
    try (ObjectStore asMine = ObjectStore.open(s3().endpoint(), bucket,
        new S3Credentials(mine.get("AWS_ACCESS_KEY_ID"), mine.get("AWS_SECRET_ACCESS_KEY")))) {
      assertThatThrownBy(() -> asMine.readText(theirManifest)).isInstanceOf(StepException.class).hasMessageContaining("access denied");
      assertThatThrownBy(() -> asMine.put(other + "/planted/manifest.json", new byte[] {1}, "application/json"))
          .isInstanceOf(StepException.class).hasMessageContaining("access denied");
      assertThatThrownBy(() -> asMine.objects("")).isInstanceOf(StepException.class).hasMessageContaining("access denied");
    }
  }

  /** The environment of platform {@code name}'s backup job: its own RGW user's keys. */
  private Map<String, String> credentials(String name) throws Exception {
    String accessKey = ("LB" + name.toUpperCase() + "KEY00000000").substring(0, 20);
    String secretKey = "secret-" + name + "-" + UUID.randomUUID();
    createUser(BucketPolicy.user(name), accessKey, secretKey);
    Map<String, String> env = new HashMap<>(environment);
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    return env;
  }

  private String[] scoped(Path scopedMap, String name, String... step) {
    List<String> args = new ArrayList<>(List.of(step));
    args.addAll(List.of(
        "--config", scopedMap.toString(), "--platform", name,
        "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"),
        "--mysql-database", db(), "--mongodb-uri-env", "MONGODB_URI", "--mongodb-database", mongoDb()));
    return args.toArray(String[]::new);
  }
}
