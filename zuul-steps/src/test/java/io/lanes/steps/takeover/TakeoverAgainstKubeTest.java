package io.lanes.steps.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.lanes.steps.StepRun;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.testing.kube.BackedUpPlatform;
import io.lanes.steps.testing.kube.KubeCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("takeover at the DR site (real Tutor 22 project, real control plane, real Ceph RGW, MariaDB with its"
    + " binlog shipped, FerretDB)")
class TakeoverAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private BackedUpPlatform platform;
  private Path project;
  private Map<String, String> mariadb;
  private String mongoUri;
  private String db;
  private Map<String, String> environment;

  @BeforeEach
  void setUp() throws Exception {
    platform = new BackedUpPlatform(kube, dir, "lanes-takeover", "\tbinlogSeconds = 10\n");
    project = platform.project;
    mariadb = platform.mariadb;
    mongoUri = platform.mongoUri;
    environment = platform.environment;
    db = "acme_" + platform.bucket.substring(platform.bucket.lastIndexOf('-') + 1);
    sql("CREATE DATABASE " + db + "; CREATE TABLE " + db + ".courses (id INT PRIMARY KEY, title VARCHAR(100));"
        + " USE " + db + "; INSERT INTO " + db + ".courses SELECT seq, CONCAT('course ', seq) FROM seq_1_to_100");
    try (MongoClient client = MongoClients.create(mongoUri)) {
      var modulestore = client.getDatabase(db).getCollection("modulestore");
      modulestore.drop();
      for (int i = 0; i < 50; i++) {
        modulestore.insertOne(new Document("_id", i));
      }
    }
  }

  private ObjectStore store() {
    return platform.store();
  }

  private List<String> databaseArgs(String... first) {
    List<String> args = new ArrayList<>(List.of(first));
    args.addAll(List.of("--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"), "--mysql-database", db,
        "--mongodb-uri-env", "MONGODB_URI", "--mongodb-database", db));
    return args;
  }

  private StepRun takeover(String... more) {
    List<String> args = databaseArgs("takeover");
    args.addAll(List.of("--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(),
        "--poll-interval", "200", "--rollout-timeout", "90", "--result", dir.resolve("takeover.json").toString()));
    args.addAll(List.of(more));
    return StepRun.withEnvironment(environment, args.toArray(String[]::new));
  }

  private String sql(String statements) throws Exception {
    Process process = new ProcessBuilder("mariadb", "--no-defaults", "--protocol=tcp", "-h127.0.0.1",
        "-P" + mariadb.get("MARIADB_PORT"), "-uroot", "-p" + mariadb.get("MARIADB_PASSWORD"), "-N", "-B", "-e",
        statements).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.strip();
  }

  /** The primary is lost: its databases are gone from the (shared) servers, as from a DR site's fresh ones. */
  private void losePrimary() throws Exception {
    sql("DROP DATABASE " + db);
    try (MongoClient client = MongoClients.create(mongoUri)) {
      client.getDatabase(db).drop();
    }
  }

  private long documents() {
    try (MongoClient client = MongoClients.create(mongoUri)) {
      return client.getDatabase(db).getCollection("modulestore").countDocuments();
    }
  }

  private static List<?> schemaErrors(JsonNode document) throws Exception {
    String schema = Files.readString(Path.of("..").toAbsolutePath().normalize().resolve("docs/result.schema.json"));
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema, InputFormat.JSON)
        .validate(document);
  }

  @Test
  @DisplayName("without --confirm the plan is shown and nothing changes (exit 2); with it, the newest backup and the"
      + " binlogs shipped after it are verified and restored, the release is deployed into the namespace on the DR"
      + " cluster, RTO, recovery point and the map change are reported; a re-run resumes what a failed attempt left"
      + " (restores again after a cut restore, not after a finished one), and a finished takeover is not repeated"
      + " over the databases it restored")
  void takesOverAndResumes() throws Exception {
    StepRun backup = StepRun.withEnvironment(environment, databaseArgs("backup", "run").toArray(String[]::new));
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    String id = backup.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    sql("INSERT INTO " + db + ".courses VALUES (101, 'after the backup')");
    Thread.sleep(1100);
    StepRun ship = StepRun.withEnvironment(environment, databaseArgs("backup", "binlogs", "--once").toArray(String[]::new));
    assertThat(ship.exitCode()).as(ship.err()).isZero();
    losePrimary();

    StepRun plan = takeover();

    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    assertThat(plan.err()).contains("takeover of platform acme:", "restore backup " + id + " of platform acme",
        "binlog segments up to ", "deploy the checked-out release into namespace " + kube.namespace() + " on cluster dr",
        "then submit the map change platform.acme.cluster = dr", "add --confirm to do it (nothing was changed)");
    assertThat(sql("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + db + "'")).isEqualTo("0");
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-1").get()).isNull();

    // --plan: the same plan, exit 0, written to --report and --result (what the Zuul job lanes-takeover-plan runs)
    Path planReport = dir.resolve("takeover-plan.md");
    StepRun planOnly = takeover("--plan", "--report", planReport.toString());
    assertThat(planOnly.exitCode()).as(planOnly.err()).isZero();
    assertThat(planOnly.out()).contains("takeover of acme: plan only, nothing changed");
    assertThat(planReport).content().startsWith("# Takeover of acme: plan only, nothing changed\n")
        .contains("- restore backup " + id + " of platform acme");
    JsonNode planned = new ObjectMapper().readTree(dir.resolve("takeover.json").toFile());
    assertThat(schemaErrors(planned)).isEmpty();
    assertThat(planned.at("/lanes/takeover_plan/backup").asText()).isEqualTo(id);
    assertThat(planned.at("/lanes/takeover_plan/segments").asInt()).isPositive();
    assertThat(sql("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + db + "'")).isEqualTo("0");
    assertThat(takeover("--plan", "--confirm").err()).contains("give --plan or --confirm, not both");

    Path report = dir.resolve("takeover-report.md");
    StepRun run = takeover("--confirm", "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("verified ", "binlog segments", "replaying the binlogs of " + db);
    assertThat(sql("SELECT COUNT(*), MAX(id) FROM " + db + ".courses")).isEqualTo("101\t101");
    assertThat(documents()).isEqualTo(50);
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-1").get()).isNotNull();
    JsonNode document = new ObjectMapper().readTree(dir.resolve("takeover.json").toFile());
    assertThat(schemaErrors(document)).as("docs/result.schema.json").isEmpty();
    assertThat(report).content().startsWith("# Takeover of acme: taken over\n").contains("RTO ");
    JsonNode result = document.at("/lanes/takeover");
    assertThat(result.path("backup").asText()).isEqualTo(id);
    assertThat(result.path("cluster").asText()).isEqualTo("dr");
    assertThat(result.path("map_change").asText()).isEqualTo("platform.acme.cluster = dr");
    assertThat(result.path("rto_seconds").asDouble()).isPositive();
    assertThat(result.path("to_time").asText()).isEqualTo(result.path("recovery_point").asText()).isNotEmpty();
    assertThat(run.out()).contains("takeover of acme: backup " + id + " restored up to ")
        .contains("submit platform.acme.cluster = dr");
    // status shows the finished takeover from its record in the bucket
    StepRun status = StepRun.withEnvironment(environment, "status", "--config", project.resolve("lanes.config")
        .toString(), "--platform", "acme", "--kubeconfig", kube.kubeconfig().toString(), "--s3-access-key-env",
        "AWS_ACCESS_KEY_ID", "--s3-secret-key-env", "AWS_SECRET_ACCESS_KEY");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).containsPattern("  takeover: done \\S+Z \\(\\d+ min ago\\), started \\S+Z, backup " + id
        + ", recovery point " + result.path("recovery_point").asText() + ", RTO \\d+\\.\\d s, into namespace "
        + kube.namespace() + " on cluster dr\n");

    // a finished takeover is done: another one would restore over the databases it restored, and is refused
    StepRun again = takeover("--confirm");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(2);
    assertThat(again.err()).contains("already exist");

    // what a restore cut short leaves: the record says restoring, the databases hold part of the data
    String toTime = result.path("to_time").asText();
    try (ObjectStore store = store()) {
      store.put("acme/takeover.json", ("{\"backup\": \"" + id + "\", \"toTime\": \"" + toTime
          + "\", \"state\": \"restoring\"}").getBytes(StandardCharsets.UTF_8), "application/json");
    }
    sql("DELETE FROM " + db + ".courses WHERE id > 50");
    StepRun resumed = takeover("--confirm");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming the unfinished takeover of backup " + id + " (restoring)")
        .contains("restoring again over what the earlier attempt left");
    assertThat(sql("SELECT COUNT(*), MAX(id) FROM " + db + ".courses")).isEqualTo("101\t101");
    assertThat(resumed.out()).contains("no changes");

    // a deploy that failed after the restore: the re-run deploys, and does not restore again
    try (ObjectStore store = store()) {
      store.put("acme/takeover.json", ("{\"backup\": \"" + id + "\", \"toTime\": \"" + toTime
          + "\", \"state\": \"restored\"}").getBytes(StandardCharsets.UTF_8), "application/json");
    }
    sql("DELETE FROM " + db + ".courses WHERE id = 7");
    StepRun deployOnly = takeover("--confirm");
    assertThat(deployOnly.exitCode()).as(deployOnly.err()).isZero();
    assertThat(deployOnly.err()).contains("was restored by the earlier attempt: not restored again");
    assertThat(sql("SELECT COUNT(*) FROM " + db + ".courses")).isEqualTo("100");
    try (ObjectStore store = store()) {
      assertThat(store.readText("acme/takeover.json")).contains("\"state\" : \"deployed\"");
      // an unfinished takeover of a backup retention has deleted since: exit 2, saying how to start afresh
      store.put("acme/takeover.json", "{\"backup\": \"20000101T000000Z\", \"state\": \"restoring\"}"
          .getBytes(StandardCharsets.UTF_8), "application/json");
    }
    StepRun gone = takeover("--confirm");
    assertThat(gone.exitCode()).as(gone.err()).isEqualTo(2);
    assertThat(gone.err()).contains("backup 20000101T000000Z of platform acme does not exist")
        .contains("the unfinished takeover recorded in acme/takeover.json names it: remove that object");
  }
}
