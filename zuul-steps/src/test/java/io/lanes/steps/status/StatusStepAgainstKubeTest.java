package io.lanes.steps.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.lanes.steps.StepRun;
import io.lanes.steps.backup.DrillHistory;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.TutorRoot;
import io.lanes.steps.testing.kube.KubeCluster;
import io.lanes.steps.testing.kube.KubePlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("status against the real control plane (kube.sh), as a namespaced ServiceAccount: read only")
class StatusStepAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private KubePlatform platform;
  private TutorRoot tutor;
  private Path kubeconfig;

  @BeforeEach
  void setUp() {
    platform = new KubePlatform(kube, dir);
    tutor = platform.tutor;
    kubeconfig = platform.kubeconfig;
  }

  private StepRun deploy(String holder) {
    List<String> args = platform.deployArgs(tutor, kubeconfig, "deploy", holder);
    args.addAll(List.of("--rollout-timeout", "60"));
    return platform.run(args);
  }

  private StepRun status(String... more) {
    List<String> args = new ArrayList<>(List.of(
        "status", "--config", tutor.config, "--kubeconfig", kubeconfig.toString(),
        "--result", dir.resolve("status.json").toString()));
    args.addAll(List.of(more));
    return platform.run(args);
  }

  private JsonNode result() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("status.json").toFile());
  }

  /** Replaces {@code from} by {@code to} in the platform map. */
  private void changeMap(String from, String to) throws IOException {
    Path config = Path.of(tutor.config);
    String text = Files.readString(config);
    assertThat(text).contains(from);
    Files.writeString(config, text.replace(from, to));
  }

  @Test
  @DisplayName("after two deploys and with a held Lease, status shows releases 2 (current) and 1, the holder, frozen; it writes nothing")
  void showsReleasesLockAndFreeze() throws IOException {
    assertThat(deploy("build-1").exitCode()).isZero();
    tutor.change("k8s/deployments.yml", "  replicas: 2\n", "  replicas: 3\n");
    assertThat(deploy("build-2").exitCode()).isZero();
    ZonedDateTime acquired = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    kube.client().leases().inNamespace(tutor.namespace).withName(DeployLock.NAME).delete(); // freed by the deploys
    kube.client().leases().inNamespace(tutor.namespace).resource(
        new LeaseBuilder().withNewMetadata().withName(DeployLock.NAME).endMetadata().withNewSpec()
            .withHolderIdentity("build-other").withLeaseDurationSeconds(60)
            .withAcquireTime(acquired).withRenewTime(acquired).endSpec().build()).create();
    Instant now = Instant.now();
    String freeze = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES) + "/"
        + now.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    changeMap("\tbackup = nightly\n", "\tbackup = nightly\n\tfreeze = " + freeze + "\n");
    int writesBefore = kube.writes().size();

    StepRun run = status("--platform", "acme");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("platform acme  namespace " + tutor.namespace)
        .contains("frozen:  yes, until")
        .contains("lock:    held by build-other since " + acquired.toInstant())
        .contains("drill:   no drill history yet")
        .containsPattern("(?m)^  2 \\(current\\) .* build-2 ")
        .containsPattern("(?m)^  1 .* build-1 ");
    assertThat(run.out().indexOf("  2 (current)")).isLessThan(run.out().indexOf("  1 "));
    JsonNode acme = result().path("lanes").path("status").path("platforms").path(0);
    assertThat(acme.path("platform").asText()).isEqualTo("acme");
    assertThat(acme.path("current").asInt()).isEqualTo(2);
    assertThat(acme.path("releases").findValuesAsText("by")).containsExactly("build-2", "build-1");
    assertThat(acme.path("releases").path(0).path("commit").asText()).hasSize(40);
    assertThat(acme.path("lock").path("holder").asText()).isEqualTo("build-other");
    assertThat(acme.path("lock").path("since").asText()).isEqualTo(acquired.toInstant().toString());
    assertThat(acme.path("frozen").asBoolean()).isTrue();
    assertThat(acme.path("last_drill").isNull()).isTrue();
    assertThat(schemaErrors(result())).isEmpty();
    assertThat(kube.writes()).as("status writes nothing").hasSize(writesBefore);
  }

  @Test
  @DisplayName("with S3 credentials, status shows each platform's newest backup and last drill from its bucket on"
      + " the real Ceph RGW; without them, 'not read'")
  void showsTheNewestBackup() throws IOException {
    assertThat(deploy("build-1").exitCode()).isZero();
    Map<String, String> ceph = LocalService.start("ceph");
    String bucket = "status-" + UUID.randomUUID().toString().substring(0, 8);
    changeMap("endpoint = http://127.0.0.1:8082", "endpoint = " + ceph.get("CEPH_S3_ENDPOINT"));
    changeMap("bucket = openedx-backups", "bucket = " + bucket);
    Instant started = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    String older = BackupLayout.id(started.minus(1, ChronoUnit.DAYS));
    String newest = BackupLayout.id(started);
    try (ObjectStore store = ObjectStore.open(ceph.get("CEPH_S3_ENDPOINT"), bucket,
        new S3Credentials(ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY")))) {
      store.createBucketIfMissing();
      for (String id : List.of(older, newest)) {
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_ENCRYPTED, "acme", id, BackupLayout.start(id).orElseThrow(),
            BackupLayout.start(id).orElseThrow().plusSeconds(60), new BackupManifest.ConsistentPoint(null, null, null, null, null),
            Map.of(), List.of(new BackupManifest.Entry("mysql/dump.sql.gz.age", "mysql-dump", 2048, "0".repeat(64), 9000, 1)),
            Map.of(), null, new BackupManifest.Encryption("age", null, List.of("age1xyz")));
        store.put("acme/" + id + "/manifest.json", manifest.toJson(), "application/json");
      }
      store.put(DrillHistory.key("acme"), ("[{\"time\": \"2026-12-05T04:00:00Z\", \"backup\": \"" + older
          + "\", \"passed\": true, \"checked\": 6, \"mismatched\": 0, \"rpo_seconds\": 7200, \"rto_seconds\": 41.5}]")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }
    Map<String, String> environment = Map.of("PATH", kube.path(), "OPS_S3_KEY", ceph.get("CEPH_S3_ACCESS_KEY"),
        "OPS_S3_SECRET", ceph.get("CEPH_S3_SECRET_KEY"));

    StepRun run = StepRun.withEnvironment(environment, "status", "--config", tutor.config, "--kubeconfig",
        kubeconfig.toString(), "--platform", "acme", "--s3-access-key-env", "OPS_S3_KEY", "--s3-secret-key-env",
        "OPS_S3_SECRET", "--result", dir.resolve("status.json").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("  backup:  " + newest + " (3 h ago), complete, 2.0 KiB, encryption age, not verified"
        + " by a drill (the last drill restored " + older + ")");
    assertThat(run.out()).contains("  drill:   passed at 2026-12-05T04:00:00Z on backup " + older
        + ", RPO 7200 s, RTO 41.5 s, 0 of 6 counts mismatched");
    JsonNode backup = result().path("lanes").path("status").path("platforms").path(0).path("last_backup");
    assertThat(backup.path("id").asText()).isEqualTo(newest);
    assertThat(backup.path("state").asText()).isEqualTo("complete");
    assertThat(backup.path("encryption").asText()).isEqualTo("age");
    assertThat(backup.path("verified").asBoolean(true)).isFalse();
    JsonNode drill = result().path("lanes").path("status").path("platforms").path(0).path("last_drill");
    assertThat(drill.path("backup").asText()).isEqualTo(older);
    assertThat(drill.path("passed").asBoolean()).isTrue();
    assertThat(schemaErrors(result())).isEmpty();
    assertThat(run.out() + run.err()).doesNotContain(ceph.get("CEPH_S3_SECRET_KEY"));
    assertThat(run.out()).contains("  takeover: none recorded\n");
    assertThat(result().at("/lanes/status/platforms/0/takeover").isNull()).isTrue();
    StepRun without = status("--platform", "acme");
    assertThat(without.exitCode()).as(without.err()).isZero();
    assertThat(without.out()).contains("  backup:  not read (give --s3-access-key-env and --s3-secret-key-env")
        .doesNotContain("takeover:");

    // a takeover that stopped after its restore, as takeover records it in the bucket
    try (ObjectStore store = ObjectStore.open(ceph.get("CEPH_S3_ENDPOINT"), bucket,
        new S3Credentials(ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY")))) {
      store.put("acme/takeover.json", ("{\"backup\": \"" + newest + "\", \"state\": \"restored\", \"updated\":"
          + " \"2026-12-05T10:21:00Z\", \"started\": \"2026-12-05T10:20:00Z\", \"recoveryPoint\":"
          + " \"2026-12-05T10:15:30Z\", \"cluster\": \"dr\", \"namespace\": \"openedx-acme\"}")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }
    StepRun during = StepRun.withEnvironment(environment, "status", "--config", tutor.config, "--kubeconfig",
        kubeconfig.toString(), "--platform", "acme", "--s3-access-key-env", "OPS_S3_KEY", "--s3-secret-key-env",
        "OPS_S3_SECRET", "--result", dir.resolve("status.json").toString());
    assertThat(during.exitCode()).as(during.err()).isZero();
    assertThat(during.out()).contains("  takeover: IN PROGRESS (restored: restored, not yet deployed, written"
        + " 2026-12-05T10:21:00Z, ").contains(", started 2026-12-05T10:20:00Z, backup " + newest + ", recovery point"
        + " 2026-12-05T10:15:30Z, into namespace openedx-acme on cluster dr; running now, or stopped by a failure");
    JsonNode takeover = result().at("/lanes/status/platforms/0/takeover");
    assertThat(takeover.path("state").asText()).isEqualTo("restored");
    assertThat(takeover.path("finished").asBoolean(true)).isFalse();
    assertThat(schemaErrors(result())).isEmpty();
  }

  @Test
  @DisplayName("every platform of the map: one the ServiceAccount cannot read (403) is one line, the others are shown, exit 0")
  void unreadableNamespaceIsOneLine() throws IOException {
    assertThat(deploy("build-1").exitCode()).isZero();
    String other = kube.newNamespaceName("other");
    kube.serviceAccountKubeconfig(other);
    changeMap("namespace = openedx-globex\n", "namespace = " + other + "\n");

    StepRun run = status();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("platform acme  namespace " + tutor.namespace + "  cluster prod\n")
        .containsPattern("(?m)^  1 \\(current\\) ")
        .contains("  frozen:  no\n");
    List<String> globex = run.out().lines().filter(l -> l.contains("globex")).toList();
    assertThat(globex).hasSize(1);
    assertThat(globex.get(0)).startsWith("platform globex  namespace " + other).contains("cannot read its namespace").contains("403");
    JsonNode platforms = result().path("lanes").path("status").path("platforms");
    assertThat(platforms.path(1).path("error").asText()).contains("403");
    assertThat(platforms.path(1).has("releases")).isFalse();
    assertThat(schemaErrors(result())).isEmpty();
  }

  @Test
  @DisplayName("--platform naming a platform whose namespace cannot be read fails with one line, exit 1, no result")
  void namedUnreadablePlatformFails() throws IOException {
    String other = kube.newNamespaceName("other");
    kube.serviceAccountKubeconfig(other);
    changeMap("namespace = openedx-globex\n", "namespace = " + other + "\n");

    StepRun run = status("--platform", "globex");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("cannot read the namespace of platform globex").contains("403");
    assertThat(dir.resolve("status.json")).doesNotExist();
  }

  private static List<?> schemaErrors(JsonNode document) throws IOException {
    String text = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/result.schema.json"));
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    return schema.validate(document);
  }
}
