package io.lanes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README's main job ({@code src/scripts/demo.sh}), run once on the real local services, then each stage's effect
 * checked against those services before they are stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The services the demo starts, in the order to stop them. */
  private static final List<String> SERVICES =
      List.of("zuul", "kube", "registry", "swift", "keystone", "podman", "ceph", "mongodb", "mariadb", "gerrit");

  /**
   * The demo's own port block (its defaults, set here so the facts read back come from the same services); a
   * LANES_*_PORT in the environment wins, so that runs side by side can each use their own.
   */
  private static final Map<String, String> PORTS =
      withEnvironment(
          Map.ofEntries(
            Map.entry("LANES_GERRIT_PORT", "8095"),
            Map.entry("LANES_SWIFT_PORT", "18080"),
            Map.entry("LANES_SWIFT_OBJECT_PORT", "16200"),
            Map.entry("LANES_SWIFT_CONTAINER_PORT", "16201"),
            Map.entry("LANES_SWIFT_ACCOUNT_PORT", "16202"),
            Map.entry("LANES_MEMCACHED_PORT", "11212"),
            Map.entry("LANES_REGISTRY_PORT", "15000"),
            Map.entry("LANES_MARIADB_PORT", "13307"),
            Map.entry("LANES_CEPH_RGW_PORT", "18082"),
            Map.entry("LANES_CEPH_MON_PORT", "16789"),
            Map.entry("LANES_KUBE_API_PORT", "26443"),
            Map.entry("LANES_MONGODB_PORT", "17017"),
            Map.entry("LANES_KEYSTONE_PORT", "18357"),
            Map.entry("LANES_GERRIT_SSH_PORT", "16418"),
            Map.entry("LANES_ZUUL_ZK_PORT", "16281"),
            Map.entry("LANES_ZUUL_WEB_PORT", "16900"),
            Map.entry("LANES_ZUUL_FINGER_PORT", "16079"),
            Map.entry("LANES_ZUUL_NODE_SSH_PORT", "16022"),
            Map.entry("LANES_ZUUL_SMTP_PORT", "16025")));

  private static Map<String, String> withEnvironment(Map<String, String> defaults) {
    Map<String, String> ports = new java.util.HashMap<>(defaults);
    ports.replaceAll((name, port) -> System.getenv().getOrDefault(name, port));
    return Map.copyOf(ports);
  }

  private final Path root = Path.of("../..").toAbsolutePath().normalize();
  /** A fresh state directory per run: services started from nothing, never a previous run's Gerrit site. */
  private Path services;
  private final Path summaryFile = Path.of("target/demo-summary.json").toAbsolutePath();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private int exitCode;
  private String output;
  private JsonNode summary;
  private Map<String, String> gerrit;
  private Map<String, String> registry;
  private Map<String, String> keystone;
  private Map<String, String> kube;
  private Map<String, String> mariadb;
  private Map<String, String> ceph;
  private Map<String, String> mongodb;
  private Map<String, String> zuul;

  @BeforeAll
  void runTheDemo() throws Exception {
    services = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "services-");
    Path log = Path.of("target/demo.log").toAbsolutePath();
    ProcessBuilder demo =
        new ProcessBuilder("bash", root.resolve("src/scripts/demo.sh").toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    demo.environment().put("LANES_DEMO_SKIP_BUILD", "1");
    demo.environment().put("LANES_DEMO_KEEP_SERVICES", "1");
    demo.environment().put("LANES_SERVICES_DIR", services.toString());
    demo.environment().put("LANES_DEMO_SUMMARY", summaryFile.toString());
    demo.environment().putAll(PORTS);
    Process process = demo.start();
    // Zuul runs check, gate, promote and the preview pipelines for two changes: about 12 minutes on two busy cores
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    exitCode = process.exitValue();
    output = Files.readString(log);
    summary = Files.exists(summaryFile) ? JSON.readTree(summaryFile.toFile()) : null;
    gerrit = facts("gerrit");
    registry = facts("registry");
    keystone = facts("keystone");
    kube = facts("kube");
    mariadb = facts("mariadb");
    ceph = facts("ceph");
    mongodb = facts("mongodb");
    zuul = facts("zuul");
  }

  @AfterAll
  void stopServices() throws Exception {
    for (String service : SERVICES) {
      ProcessBuilder stop = new ProcessBuilder("bash", root.resolve("src/services/" + service + ".sh").toString(), "stop")
          .inheritIO();
      stop.environment().put("LANES_SERVICES_DIR", services.toString());
      stop.environment().putAll(PORTS);
      stop.start().waitFor(1, TimeUnit.MINUTES);
    }
  }

  @Test
  @DisplayName("the demo succeeds, shows every stage and writes its summary")
  void demoSucceeds() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains(
            "== gerrit: ", "== project: ", "== zuul: ", "== review: ", "== guard: ", "== check: ",
            "== registry: ", "== preview: ", "== submit: ", "== preview-down: ", "== promote: ", "== rollback: ",
            "== backup: ", "== restore: ", "== drill: ", "== takeover: ", "== summary: ");
    assertThat(summary).isNotNull();
    assertThat(summary.path("not_built_yet")).isEmpty();
    assertThat(summary.path("stand_ins").has("mongodb")).as("MongoDB is a real server (FerretDB)").isFalse();
    assertThat(summary.path("stand_ins").has("kubernetes")).as("the Kubernetes API is real").isFalse();
    assertThat(summary.path("stand_ins").path("kubelet").asText()).contains("kwok");
    assertThat(summary.path("not_shown").has("cluster")).isTrue();
    assertThat(summary.path("not_shown").has("check-config, check-zuul")).isFalse();
    assertThat(output).contains("not shown     the backup CronJob running").contains("MongoDB (FerretDB v");
    assertThat(summary.path("seconds").has("promote")).isTrue();
  }

  @Test
  @DisplayName("the map and zuul.d/ were checked before they were pushed: check-config and check-zuul passed")
  void mapAndZuulConfigChecked() {
    assertThat(output)
        .containsPattern("lanes\\.config: ok \\(2 platforms, 2 clusters, 2 backups, 1 preview\\)")
        .containsPattern("zuul\\.d: ok \\([0-9]+ files: [0-9]+ jobs");
  }

  @Test
  @DisplayName("the real Gerrit serves the platform map through the plugin's REST endpoint")
  void gerritServesThePlatformMap() throws Exception {
    JsonNode map = get("/a/projects/openedx%2Fplatforms/lanes~platforms");

    assertThat(map.path("platforms").path("acme").path("namespace").asText()).isEqualTo("openedx-acme");
    assertThat(map.path("platforms").path("globex").path("branch").asText()).isEqualTo("platform/globex");
  }

  @Test
  @DisplayName("the change pushed for review over git-over-HTTP was submitted on platform/acme")
  void changeWasSubmitted() throws Exception {
    int change = summary.path("change").asInt();
    JsonNode detail = get("/a/changes/" + change);

    assertThat(detail.path("branch").asText()).isEqualTo("platform/acme");
    assertThat(detail.path("status").asText()).isEqualTo("MERGED");
    assertThat(summary.path("status").asText()).isEqualTo("MERGED");
  }

  @Test
  @DisplayName("the real Gerrit rejected the push that breaks the acme lane, naming each violation, and kept no change")
  void badPushWasRejected() throws Exception {
    assertThat(summary.path("rejected_push_violations").asInt()).isEqualTo(4);
    assertThat(output)
        .contains("env/k8s/debug.yml:1: Deployment/debug: volume \"host\" mounts a hostPath from the node")
        .contains("lanes.config: platform.acme.namespace: set 2 times (one value expected)");
    JsonNode open = get("/a/changes/?q=project:openedx/platforms+status:open");
    assertThat(open.size()).isZero();
    assertThat(output).contains("env/k8s/debug.yml:1: Deployment/debug: container \"debug\" image \"docker.io/library/busybox:1.36\" is not allowed");
  }

  @Test
  @DisplayName("resolve named the namespace the plugin's map gives the change's branch")
  void resolveMatchesThePlugin() throws Exception {
    JsonNode map = get("/a/projects/openedx%2Fplatforms/lanes~platforms");

    assertThat(summary.path("namespace").asText())
        .isEqualTo(map.path("platforms").path("acme").path("namespace").asText());
  }

  @Test
  @DisplayName("the merged change carries the sample platform's Tutor project: config.yml, its own plugin, and the env/ Tutor wrote (Tutor's files and the plugins')")
  void changeCarriesTheSampleEnv() throws Exception {
    JsonNode files = get("/a/changes/" + summary.path("change").asInt() + "/revisions/current/files");

    assertThat(files.has("config.yml")).isTrue();
    assertThat(files.has("plugins/acme.py")).isTrue();
    assertThat(files.has("env/version")).as("written by tutor config save").isTrue();
    assertThat(files.has("env/kustomization.yml")).isTrue();
    assertThat(files.has("env/k8s/deployments.yml")).isTrue();
    assertThat(files.has("env/local/docker-compose.yml")).isTrue();
    assertThat(files.has("env/build/openedx/Dockerfile")).isTrue();
    assertThat(files.has("env/plugins/mfe/apps/mfe/Caddyfile")).isTrue();
    assertThat(files.has("env/plugins/acme/build/openedx/Dockerfile")).isTrue();
    assertThat(output).contains("wrote env/ from config.yml (plugins: acme,mfe)");
  }

  @Test
  @DisplayName("render rendered the change's env against the real kube-apiserver and wrote the preview")
  void renderShowedThePreview() throws Exception {
    JsonNode render = summary.path("render");
    Path preview = Path.of(render.path("preview").asText());

    assertThat(render.path("objects").asInt()).isGreaterThan(20);
    // Tutor's Job templates (lms-job, cms-job, mysql-job) are templates: deploy runs the init tasks from them and never
    // applies them, so render does not count them as added
    assertThat(render.path("counts").path("template").asInt()).isEqualTo(3);
    // the Namespace exists (created with Lanes' ServiceAccount, as a cluster admin would) and gains Tutor's labels
    assertThat(render.path("counts").path("added").asInt()).isEqualTo(render.path("objects").asInt() - 1 - 3);
    assertThat(render.path("counts").path("changed").asInt()).isEqualTo(1);
    assertThat(Files.readString(preview)).contains("acme → namespace openedx-acme").contains("`Deployment/lms`");
    assertThat(output).contains("  | ## Lanes render: acme").contains("nodes simulated by kwok");
    // the init tasks deploy will run, read from Tutor: its order, Tutor's own or the mfe plugin's; the namespace has no
    // release yet, so every one is new
    assertThat(render.path("init_tasks")).extracting(JsonNode::asText).containsExactly(
        "1 lms (Tutor 22.0.3, new)", "2 mysql (Tutor 22.0.3, new)", "3 meilisearch (Tutor 22.0.3, new)",
        "4 lms (Tutor 22.0.3, new)", "5 cms (Tutor 22.0.3, new)", "6 mfe (plugin mfe 22.1.0, new)");
    assertThat(Files.readString(preview)).contains("### Init tasks: 6, in Tutor's order").contains("This change adds 6 init tasks and changes none.");
    assertThat(output).contains("  | ### Init tasks: 6, in Tutor's order");
  }

  @Test
  @DisplayName("the registry on Swift serves each image under its gated, revision and latest-acme tags, at the pushed digest")
  void registryServesThePromotedImages() throws Exception {
    String revision = summary.path("revision").asText();
    JsonNode catalog = JSON.readTree(send(HttpRequest.newBuilder(URI.create(registry.get("REGISTRY_URL") + "/v2/_catalog"))).body());
    // acme's own image, from the build dir its Tutor plugin writes (Tutor's env/build/openedx needs GitHub)
    assertThat(catalog.path("repositories").toString()).contains("acme/openedx");
    assertThat(summary.path("images")).hasSize(1);

    for (JsonNode image : summary.path("images")) {
      String repository = image.path("repository").asText();
      String name = repository.substring(repository.indexOf('/') + 1);
      JsonNode tags = JSON.readTree(send(HttpRequest.newBuilder(URI.create(registry.get("REGISTRY_URL") + "/v2/" + name + "/tags/list"))).body());
      // gated as the change's last patch set (2: the preview stage's update)
      assertThat(image.path("gated_tag").asText()).isEqualTo("change-1-ps-2");
      assertThat(tags.path("tags").toString()).contains(revision).contains("latest-acme").contains("change-1-ps-2");
      for (String tag : List.of(revision, "latest-acme")) {
        HttpResponse<String> manifest = send(
            HttpRequest.newBuilder(URI.create(registry.get("REGISTRY_URL") + "/v2/" + name + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"));
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).as(name + ":" + tag).hasValue(image.path("digest").asText());
      }
    }
    assertThat(swiftObjectCount(registry.get("REGISTRY_SWIFT_CONTAINER"))).isGreaterThan(0);
  }

  @Test
  @DisplayName("the registry is Magnum's path: it serves the configuration registry-config wrote, logging in to the real Keystone v3 as the project's user; --check named the missing container, then passed with the application credential")
  void registryAuthenticatesThroughKeystone() throws Exception {
    Path config = Path.of(registry.get("REGISTRY_CONFIG"));
    String text = Files.readString(config);

    assertThat(text)
        .startsWith("# docker-registry configuration written by zuul-steps registry-config")
        .contains("authurl: \"" + keystone.get("KEYSTONE_URL") + "\"")
        .contains("authversion: 3")
        .contains("username: \"" + keystone.get("KEYSTONE_USER") + "\"")
        .contains("tenant: \"" + keystone.get("KEYSTONE_PROJECT") + "\"")
        .contains("container: \"" + registry.get("REGISTRY_SWIFT_CONTAINER") + "\"");
    assertThat(Files.getPosixFilePermissions(config)).hasToString("[OWNER_READ, OWNER_WRITE]");
    assertThat(output)
        .contains("container " + registry.get("REGISTRY_SWIFT_CONTAINER") + " does not exist in ")
        .contains("ok: application credential " + keystone.get("KEYSTONE_APPCRED_ID") + " authenticates at "
            + keystone.get("KEYSTONE_URL"));
    assertThat(summary.path("not_shown").has("registry-config")).isFalse();
    assertThat(summary.path("registry").path("keystone").asText()).isEqualTo(keystone.get("KEYSTONE_URL"));
  }

  @Test
  @DisplayName("deploy put the merged revision's objects in openedx-acme on the real kube-apiserver, pinned by digest, with a release record, the workloads available")
  void deployRecordedTheRelease() throws Exception {
    String revision = summary.path("revision").asText();
    String openedx = digestOf("openedx");

    JsonNode lms = kubeGet("apis/apps/v1/namespaces/openedx-acme/deployments/lms");
    String image = lms.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    assertThat(image).isEqualTo("localhost:" + PORTS.get("LANES_REGISTRY_PORT") + "/acme/openedx:" + revision + "@" + openedx);
    assertThat(lms.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText()).isEqualTo("lanes");
    assertThat(lms.path("metadata").path("managedFields").toString()).contains("\"manager\":\"lanes\"");

    JsonNode record = kubeGet("api/v1/namespaces/openedx-acme/configmaps/lanes-release-acme-1");
    assertThat(record.path("data").path("commit").asText()).isEqualTo(revision);
    assertThat(record.path("data").path("images").asText()).contains(openedx);
    assertThat(summary.path("deploy").path("outcome").asText()).isEqualTo("deployed");
  }

  @Test
  @DisplayName("deploy of release 1 ran the Tutor project's init tasks as Tutor defines them (Tutor's and the mfe plugin's), one Job each, in Tutor's order, each with Tutor's sh -e -c script, all complete")
  void deployRanTutorsInitTasks() throws Exception {
    JsonNode jobs = kubeGet("apis/batch/v1/namespaces/openedx-acme/jobs?labelSelector=lanes.io%2Finit-of%3Dacme");
    // release 1's task Jobs: <template>-<order>-<first 10 hex of the key its record holds>
    List<String> keys = kubeGet("api/v1/namespaces/openedx-acme/configmaps/lanes-release-acme-1").path("data")
        .path("initTasks").asText().lines().map(line -> line.split(" ")[1].replaceFirst("^sha256:", "").substring(0, 10))
        .toList();
    assertThat(keys).hasSize(6);
    List<JsonNode> tasks = new ArrayList<>();
    jobs.path("items").forEach(job -> {
      if (keys.stream().anyMatch(key -> job.path("metadata").path("name").asText().endsWith("-" + key))) {
        tasks.add(job);
      }
    });
    tasks.sort(java.util.Comparator.comparing(j -> j.path("metadata").path("name").asText().replaceFirst("^.*-job-", "")));

    assertThat(tasks).extracting(j -> j.path("metadata").path("name").asText().replaceFirst("-job-.*", ""))
        .containsExactly("lms", "mysql", "lms", "lms", "cms", "lms");
    for (JsonNode job : tasks) {
      JsonNode args = job.path("spec").path("template").path("spec").path("containers").get(0).path("args");
      assertThat(args.get(0).asText() + " " + args.get(1).asText() + " " + args.get(2).asText()).isEqualTo("sh -e -c");
      assertThat(job.path("status").path("succeeded").asInt()).as(job.path("metadata").path("name").asText()).isEqualTo(1);
    }
    assertThat(tasks.get(1).path("spec").path("template").path("spec").path("containers").get(0).path("args").get(3).asText())
        .startsWith("echo \"Initialising MySQL...\"");
  }

  @Test
  @DisplayName("a second change breaking lms fails its deploy, which rolls back to release 1 by itself; every live object is release 1's after (real kube-apiserver; kwok reports the broken pods in CrashLoopBackOff)")
  void brokenChangeRolledBackToReleaseOne() throws Exception {
    JsonNode rollback = summary.path("rollback");
    JsonNode change = get("/a/changes/" + rollback.path("change").asInt());
    assertThat(change.path("branch").asText()).isEqualTo("platform/acme");
    assertThat(change.path("status").asText()).isEqualTo("MERGED");
    assertThat(rollback.path("change").asInt()).isNotEqualTo(summary.path("change").asInt());

    assertThat(rollback.path("deploy").path("build").asText()).as("Zuul's lanes-deploy of change 2").isEqualTo("FAILURE");
    assertThat(rollback.path("deploy").path("outcome").asText()).isEqualTo("failed");
    // lms and lms-worker both break; their rollouts are watched together, and whichever fails first is reported
    assertThat(rollback.path("deploy").path("failure").asText())
        .containsPattern("Deployment/lms(-worker)?: pod lms(-worker)?-\\S+ container \\S+ is waiting: CrashLoopBackOff");
    assertThat(rollback.path("deploy").path("rollback").asText())
        .isEqualTo("rolled back to release 1 (commit " + summary.path("revision").asText() + ")");
    assertThat(output).containsPattern("lanes-deploy FAILURE: failed; .*Deployment/lms(-worker)?: pod \\S+ container \\S+ is waiting: CrashLoopBackOff")
        .contains("rollback to release 1: no changes");
    assertThat(rollback.path("explicit").path("outcome").asText()).isEqualTo("no changes");
    // change 2 touched no image: lanes-deploy kept release 1's images (--keep-images), so it ran no init task again
    // and changed only what the change changed
    List<String> applied = new ArrayList<>();
    rollback.path("deploy").path("applied").forEach(o -> applied.add(o.asText()));
    assertThat(applied).contains("Deployment/lms").noneMatch(o -> o.startsWith("Job/"));

    JsonNode record = kubeGet("api/v1/namespaces/openedx-acme/configmaps/lanes-release-acme-1");
    List<String> objects = record.path("data").path("objects").asText().lines().toList();
    assertThat(objects).hasSize(summary.path("deploy").path("objects").asInt()).hasSizeGreaterThan(20);
    for (String line : objects) {
      String[] object = line.split(" ");
      JsonNode live = kubeGet(apiPath(object[0]));
      assertThat(live.path("metadata").path("annotations").path("lanes.io/digest").asText()).as(object[0]).isEqualTo(object[1]);
    }
    JsonNode lms = kubeGet("apis/apps/v1/namespaces/openedx-acme/deployments/lms");
    assertThat(lms.path("spec").path("template").path("spec").path("containers").get(0).path("env").toString())
        .contains("lms.envs.tutor.production").doesNotContain("lms.envs.tutor.producton");
    assertThat(lms.path("status").path("readyReplicas").asInt()).as("Tutor's lms: one replica").isEqualTo(1);
    assertThat(kubectl("get", "--raw", "/api/v1/namespaces/openedx-acme/configmaps/lanes-release-acme-2"))
        .as("a failed deploy records no release").contains("NotFound");
  }

  @Test
  @DisplayName("the drill restored the newest backup into scratch databases, found every table's and collection's count, passed (exit 0) and dropped them")
  void drillPassed() throws Exception {
    JsonNode drill = summary.path("drill");
    String id = summary.path("backup").path("id").asText();

    assertThat(drill.path("build").asText()).as("lanes-dr-drill in Zuul's periodic pipeline").isEqualTo("SUCCESS");
    assertThat(drill.path("passed").asBoolean()).isTrue();
    assertThat(drill.path("backup").asText()).isEqualTo(id);
    assertThat(drill.path("checked").asInt()).as("the seed's 12 tables and FerretDB's 3 collections").isEqualTo(15);
    assertThat(drill.path("mismatches")).isEmpty();
    assertThat(drill.path("rpo_seconds").asLong()).isBetween(0L, 600L);
    String report = Files.readString(Path.of(drill.path("report").asText()));
    assertThat(report).contains("DR drill: platform acme — PASSED").contains("`" + id + "`")
        .contains("15 tables and collections, 0 mismatched");
    assertThat(output).contains("  | # DR drill: platform acme — PASSED").contains("lanes-backup-verify SUCCESS");
    assertThat(sqlValue("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'openedx_drill'")).isEqualTo("0");
    try (MongoClient client = MongoClients.create(mongodb.get("MONGODB_URI"))) {
      assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain("openedx_drill");
    }
  }

  @Test
  @DisplayName("takeover without --confirm exited 2 and changed nothing; with it, the dropped primary databases came back"
      + " from the newest backup (every row and document), release 1 was deployed to the DR cluster, and RTO, recovery"
      + " point and the map change were reported")
  void takeoverRestoredThePrimary() throws Exception {
    JsonNode takeover = summary.path("takeover");

    assertThat(takeover.path("plan").path("exit").asInt()).isEqualTo(2);
    assertThat(takeover.path("plan").path("openedx_databases_after").asInt()).as("the plan restored nothing").isZero();
    assertThat(output).contains("add --confirm to do it (nothing was changed)");
    assertThat(takeover.path("backup").asText()).isEqualTo(summary.path("backup").path("id").asText());
    assertThat(takeover.path("rto_seconds").asDouble()).isPositive();
    assertThat(takeover.path("recovery_point").asText()).isNotEmpty();
    assertThat(takeover.path("cluster").asText()).isEqualTo("dr");
    assertThat(takeover.path("namespace").asText()).isEqualTo("openedx-acme");
    assertThat(takeover.path("map_change").asText()).isEqualTo("platform.acme.cluster = dr");
    assertThat(takeover.path("deploy_outcome").asText()).as("release 1 is live on the same control plane")
        .isEqualTo("no changes");
    assertThat(takeover.path("row_counts").size()).as("the seed's tables (mariadb.sh seed)").isEqualTo(12);
    takeover.path("row_counts").fields().forEachRemaining(table -> {
      assertThat(table.getValue().path("restored").asInt()).as(table.getKey()).isPositive()
          .isEqualTo(table.getValue().path("source").asInt());
    });
    assertThat(takeover.path("document_counts").size()).isEqualTo(3);
    takeover.path("document_counts").fields().forEachRemaining(collection -> {
      assertThat(collection.getValue().path("restored").asInt()).as(collection.getKey()).isPositive()
          .isEqualTo(collection.getValue().path("source").asInt());
    });
    assertThat(Files.readString(Path.of(takeover.path("report").asText())))
        .startsWith("# Takeover of acme: taken over").contains("RTO ");
    assertThat(summary.path("seconds").path("takeover").asInt()).as("the takeover stage's seconds").isLessThan(120);
  }

  @Test
  @DisplayName("the backup's manifest in Ceph RGW counts the seeded tables' rows, and the DR site's databases hold the same rows")
  void backupRestoredToTheDrSite() throws Exception {
    String id = summary.path("backup").path("id").asText();
    JsonNode manifest = JSON.readTree(s3Get("openedx-backups/acme/" + id + "/manifest.json"));

    assertThat(manifest.path("id").asText()).isEqualTo(id);
    assertThat(manifest.path("encryption").path("algorithm").asText()).as("backups are age files").isEqualTo("age");
    assertThat(s3Get("openedx-backups/acme/" + id + "/mysql/dump.sql.gz.age")).startsWith("age-encryption.org/v1\n");
    Map<String, Integer> expected = Map.of("auth_user", 25, "student_courseenrollment", 60, "courseware_studentmodule", 400);
    for (Map.Entry<String, Integer> table : expected.entrySet()) {
      assertThat(manifest.path("mysqlTables").path("openedx." + table.getKey()).asInt()).as(table.getKey()).isEqualTo(table.getValue());
      assertThat(count("openedx_dr." + table.getKey())).as("DR " + table.getKey()).isEqualTo(table.getValue());
      assertThat(count("openedx." + table.getKey())).as(table.getKey()).isEqualTo(table.getValue());
    }
  }

  @Test
  @DisplayName("the backup holds FerretDB's (MongoDB protocol) collections, counted in the manifest, and the DR site's openedx_dr has the same documents")
  void mongoDbRestoredToTheDrSite() throws Exception {
    String id = summary.path("backup").path("id").asText();
    JsonNode manifest = JSON.readTree(s3Get("openedx-backups/acme/" + id + "/manifest.json"));
    Map<String, Integer> expected = Map.of(
        "modulestore.active_versions", 3, "modulestore.structures", 6, "modulestore.definitions", 120);

    assertThat(mongodb.get("MONGODB_KIND")).isEqualTo("ferretdb");
    try (MongoClient client = MongoClients.create(mongodb.get("MONGODB_URI"))) {
      for (Map.Entry<String, Integer> collection : expected.entrySet()) {
        assertThat(manifest.path("mongodbCollections").path("openedx." + collection.getKey()).asInt())
            .as(collection.getKey()).isEqualTo(collection.getValue());
        assertThat(client.getDatabase("openedx_dr").getCollection(collection.getKey()).countDocuments())
            .as("DR " + collection.getKey()).isEqualTo(collection.getValue().longValue());
      }
      assertThat(client.getDatabase("openedx_dr").getCollection("modulestore.active_versions").listIndexes()
          .map(i -> i.getString("name")).into(new ArrayList<>())).contains("org_course_run");
    }
  }

  @Test
  @DisplayName("the change had its own preview platform, deployed as the preview ServiceAccount, removed after the merge")
  void previewUpThenDownAfterMerge() throws Exception {
    int change = summary.path("change").asInt();
    JsonNode preview = summary.path("preview");

    assertThat(preview.path("namespace").asText()).isEqualTo("openedx-acme-c" + change);
    assertThat(preview.path("url").asText()).isEqualTo("https://c" + change + ".preview.acme.example/");
    assertThat(preview.path("patchset").asInt()).as("updated by patch set 2 through Zuul").isEqualTo(2);
    assertThat(output).contains("preview updated to patch set 2 in openedx-acme-c" + change);
    assertThat(output).contains("preview of change " + change + ": https://c" + change + ".preview.acme.example/")
        .contains("namespace openedx-acme-c" + change + ": gone");
    assertThat(kubectl("get", "namespace", "openedx-acme-c" + change)).contains("NotFound");
    assertThat(kubectl("get", "namespace", "openedx-acme", "-o", "name")).contains("namespace/openedx-acme");
  }

  @Test
  @DisplayName("the change's Checks tab shows render, images and preview, reported by Zuul's jobs as Zuul's Gerrit user")
  void checksTabShowsTheStages() throws Exception {
    JsonNode results = get("/a/changes/" + summary.path("change").asInt() + "/revisions/1/lanes~results");

    for (String stage : List.of("render", "images", "preview")) {
      assertThat(results.path(stage).path("status").asText()).as("%s: %s", stage, results).isEqualTo("PASSED");
      assertThat(results.path(stage).path("reported_by").asText()).as(stage).contains(zuul.get("ZUUL_GERRIT_USER"));
    }
    assertThat(results.path("preview").path("url").asText()).isEqualTo(summary.path("preview").path("url").asText());
    // check's build-image reported "built", then gate's push-image "pushed", then promote's "promoted" (the last wins)
    assertThat(results.path("images").path("summary").asText()).containsPattern("built|pushed|promoted");
  }

  @Test
  @DisplayName("Zuul ran the loop: check voted Verified +1, gate voted +2 and Zuul submitted, promote deployed; the"
      + " preview pipelines brought the preview up and down; change 2's lanes-deploy failed (zuul-web's builds API)")
  void zuulRanTheLoop() throws Exception {
    int change = summary.path("change").asInt();
    String user = zuul.get("ZUUL_GERRIT_USER");
    JsonNode detail = get("/a/changes/openedx%2Fplatforms~" + change + "/detail");
    List<Integer> votes = new ArrayList<>();
    detail.path("labels").path("Verified").path("all").forEach(v -> {
      if (v.path("username").asText().equals(user)) {
        votes.add(v.path("value").asInt());
      }
    });
    assertThat(votes).as("Zuul's Verified vote after gate").containsExactly(2);
    assertThat(detail.path("submitter").path("username").asText()).isEqualTo(user);
    assertThat(summary.path("zuul").path("verified").asInt()).isEqualTo(1);

    Map<String, String> results = new LinkedHashMap<>();
    for (JsonNode build : zuulGet("builds?change=" + change + "&complete=true&limit=50")) {
      results.putIfAbsent(build.path("pipeline").asText() + " " + build.path("job_name").asText(),
          build.path("result").asText());
    }
    assertThat(results).containsEntry("check lanes-render", "SUCCESS").containsEntry("check lanes-build-image", "SUCCESS")
        .containsEntry("gate lanes-render", "SUCCESS").containsEntry("gate lanes-push-image", "SUCCESS")
        .containsEntry("promote lanes-promote", "SUCCESS").containsEntry("promote lanes-deploy", "SUCCESS")
        .containsEntry("preview lanes-preview-up", "SUCCESS")
        .containsEntry("preview-cleanup lanes-preview-down", "SUCCESS");
    JsonNode failed = zuulGet("builds?change=" + summary.path("rollback").path("change").asInt()
        + "&pipeline=promote&job_name=lanes-deploy&complete=true");
    assertThat(failed).isNotEmpty();
    assertThat(failed.get(0).path("result").asText()).isEqualTo("FAILURE");
    // change 2 never asked for a preview: preview-cleanup did not run for its merge
    assertThat(zuulGet("builds?change=" + summary.path("rollback").path("change").asInt() + "&pipeline=preview-cleanup"))
        .as("preview-cleanup builds of change 2").isEmpty();
    assertThat(output).contains("Zuul voted Verified 1 on change " + change);
  }

  @Test
  @DisplayName("a lane break the plugin cannot see (a kustomize patch swapping lms's image) gets Verified -1 from Zuul"
      + " with a comment by Zuul's user on the change's line carrying the image (env/kustomization.yml), naming the"
      + " Deployment and where it is")
  void laneBreakRejectedByZuul() throws Exception {
    JsonNode lane = summary.path("zuul").path("lane_break");
    int change = lane.path("change").asInt();
    String user = zuul.get("ZUUL_GERRIT_USER");
    List<Integer> votes = new ArrayList<>();
    get("/a/changes/" + change + "/detail").path("labels").path("Verified").path("all").forEach(v -> {
      if (v.path("username").asText().equals(user)) {
        votes.add(v.path("value").asInt());
      }
    });
    assertThat(votes).as("Zuul's Verified vote on change %d", change).containsExactly(-1);
    JsonNode build = zuulGet("builds?change=" + change + "&pipeline=check&job_name=lanes-render&complete=true").get(0);
    assertThat(build.path("result").asText()).isEqualTo("FAILURE");

    // the Deployment is in env/k8s/deployments.yml, which the change does not touch (Zuul drops comments there):
    // render puts the comment on the change's line that carries the offending value
    String path = "env/kustomization.yml";
    JsonNode comments = get("/a/changes/" + change + "/comments").path(path);
    assertThat(comments).as("Zuul's comments on %s: %s", path, lane.path("comments")).hasSize(1);
    JsonNode comment = comments.get(0);
    assertThat(comment.path("author").path("username").asText()).isEqualTo(user);
    assertThat(comment.path("message").asText()).contains("Deployment/lms").contains("docker.io/evil/miner:1.0")
        .contains("(the object is env/k8s/deployments.yml:");
    String file = new String(Base64.getDecoder().decode(gerritText("/a/changes/" + change + "/revisions/current/files/"
        + URLEncoder.encode(path, StandardCharsets.UTF_8) + "/content").strip()), StandardCharsets.UTF_8);
    List<String> lines = file.lines().toList();
    int line = comment.path("line").asInt();
    assertThat(line).isBetween(1, lines.size());
    assertThat(lines.get(line - 1)).as("line %d of %s", line, path).contains("value: docker.io/evil/miner:1.0");
    assertThat(get("/a/changes/" + change).path("status").asText()).isEqualTo("ABANDONED");
  }

  @Test
  @DisplayName("Zuul's builds carry Lanes' artifacts: check's lanes-render the reviewer's preview and the rendered"
      + " manifests, gate's lanes-push-image the pushed image by the digest the registry serves")
  void zuulBuildsCarryArtifacts() throws Exception {
    int change = summary.path("change").asInt();
    JsonNode render = zuulGet("builds?change=" + change + "&pipeline=check&job_name=lanes-render&complete=true").get(0);
    JsonNode preview = artifact(render, "Render preview (acme)");
    assertThat(preview.path("metadata").path("type").asText()).isEqualTo("lanes_preview");
    assertThat(Files.readString(Path.of(URI.create(preview.path("url").asText()))))
        .contains("acme → namespace openedx-acme").contains("`Deployment/lms`");
    assertThat(Files.readString(Path.of(URI.create(artifact(render, "Rendered manifests (acme)").path("url").asText()))))
        .contains("lanes.io/platform: acme");

    JsonNode push = zuulGet("builds?change=" + change + "&pipeline=gate&job_name=lanes-push-image&complete=true").get(0);
    List<String> images = new ArrayList<>();
    push.path("artifacts").forEach(a -> {
      if (a.path("metadata").path("type").asText().equals("container_image")) {
        images.add(a.path("url").asText());
      }
    });
    assertThat(images).as("push-image's container_image artifacts: %s", push.path("artifacts"))
        .anySatisfy(url -> assertThat(url).contains("/acme/openedx").endsWith("@" + digestOf("openedx")));
  }

  /** The build's artifact NAME from Zuul's builds API. */
  private static JsonNode artifact(JsonNode build, String name) {
    for (JsonNode artifact : build.path("artifacts")) {
      if (artifact.path("name").asText().equals(name)) {
        return artifact;
      }
    }
    throw new AssertionError("no artifact " + name + " in " + build.path("artifacts"));
  }

  private JsonNode zuulGet(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(
        URI.create(zuul.get("ZUUL_URL") + "/api/tenant/" + zuul.get("ZUUL_TENANT") + "/" + path)));
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  @Test
  @DisplayName("no secret reaches the demo's output, summary or Zuul's stored build logs: Gerrit's tokens (the admin's, Zuul's), the S3 secret key, the database password, Keystone's password and application credential secret")
  void secretsNeverPrinted() throws Exception {
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    String written = Files.readString(summaryFile);

    String zuulToken = Files.readString(Path.of(zuul.get("ZUUL_GERRIT_TOKEN_FILE"))).strip();
    List<String> secrets = List.of(token, ceph.get("CEPH_S3_SECRET_KEY"), mariadb.get("MARIADB_PASSWORD"),
        keystone.get("KEYSTONE_PASSWORD"), keystone.get("KEYSTONE_APPCRED_SECRET"), zuulToken);
    for (String secret : secrets) {
      assertThat(secret).isNotEmpty();
      assertThat(output).doesNotContain(secret);
      assertThat(written).doesNotContain(secret);
    }
    // the builds' stored logs (job output, the steps' results and reports) hold none of them either: the periodic
    // drill's jobs were given the S3 secret key and the database password as acme's secrets
    List<Path> logs;
    try (var walk = Files.walk(Path.of(zuul.get("ZUUL_LOGS_DIR")))) {
      logs = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(logs).as("the builds' stored logs").hasSizeGreaterThan(10);
    for (Path file : logs) {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(text).as("%s holds no secret", file).doesNotContain(secret);
      }
    }
  }

  private String digestOf(String image) {
    for (JsonNode entry : summary.path("images")) {
      if (entry.path("repository").asText().endsWith("/" + image)) {
        return entry.path("digest").asText();
      }
    }
    throw new AssertionError("no image " + image + " in the summary");
  }

  /** The API path of {@code <group>/<Kind>/<name>} (a release record's line) in openedx-acme; v1 of every group. */
  private static String apiPath(String object) {
    String[] parts = object.split("/");
    String group = parts[0].isEmpty() ? "api/v1" : "apis/" + parts[0] + "/v1";
    String resource = parts[1].toLowerCase(Locale.ROOT) + "s";
    return "Namespace".equals(parts[1])
        ? group + "/namespaces/" + parts[2]
        : group + "/namespaces/openedx-acme/" + resource + "/" + parts[2];
  }

  /** GET {@code path} from the demo's API server as its admin (kubectl at the control plane's release). */
  private JsonNode kubeGet(String path) throws IOException, InterruptedException {
    return JSON.readTree(kubectl("get", "--raw", "/" + path));
  }

  /** What kubectl printed (stdout and stderr), run with the demo's admin kubeconfig. */
  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(kube.get("KUBECTL"), "--kubeconfig", kube.get("KUBE_API_KUBECONFIG")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(1, TimeUnit.MINUTES);
    return out;
  }

  /**
   * How many objects {@code container} of the Keystone project's Swift account holds (a Keystone token of the
   * project's user: the objects are reachable only through Keystone).
   */
  private long swiftObjectCount(String container) throws IOException, InterruptedException {
    String login = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "domain": {"name": "Default"},
         "password": "%s"}}}, "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}
        """.formatted(keystone.get("KEYSTONE_USER"), keystone.get("KEYSTONE_PASSWORD"), keystone.get("KEYSTONE_PROJECT"));
    HttpResponse<String> auth = send(HttpRequest.newBuilder(URI.create(keystone.get("KEYSTONE_URL") + "/auth/tokens"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login)));
    assertThat(auth.statusCode()).as(auth.body()).isEqualTo(201);
    String token = auth.headers().firstValue("X-Subject-Token").orElseThrow();
    String account = "http://127.0.0.1:" + PORTS.get("LANES_SWIFT_PORT") + "/v1/KEY_" + keystone.get("KEYSTONE_PROJECT_ID");
    HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(account + "/" + container))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("X-Auth-Token", token));
    assertThat(head.statusCode()).as("HEAD " + account + "/" + container).isBetween(200, 204);
    return Long.parseLong(head.headers().firstValue("X-Container-Object-Count").orElse("0"));
  }

  /** A GET from Ceph RGW, signed by curl (SigV4) with the test credentials passed in a config file on stdin. */
  private String s3Get(String key) throws IOException, InterruptedException {
    Process curl = new ProcessBuilder("curl", "-fsS", "-K", "-", "--aws-sigv4", "aws:amz:" + ceph.get("CEPH_S3_REGION") + ":s3",
        "-H", "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ceph.get("CEPH_S3_ENDPOINT") + "/" + key).start();
    curl.getOutputStream().write(("user = \"" + ceph.get("CEPH_S3_ACCESS_KEY") + ":" + ceph.get("CEPH_S3_SECRET_KEY") + "\"\n")
        .getBytes(StandardCharsets.UTF_8));
    curl.getOutputStream().close();
    String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as("GET " + key + ": " + err).isZero();
    return body;
  }

  /** Rows in a table of the demo's MariaDB. */
  private int count(String table) throws IOException, InterruptedException {
    return Integer.parseInt(sqlValue("SELECT COUNT(*) FROM " + table));
  }

  /** The one value a query returns on the demo's MariaDB, through the real client (password in the environment). */
  private String sqlValue(String statement) throws IOException, InterruptedException {
    ProcessBuilder query = new ProcessBuilder("mariadb", "--no-defaults", "--protocol=tcp", "-h127.0.0.1",
        "-P" + mariadb.get("MARIADB_PORT"), "-u" + mariadb.get("MARIADB_USER"), "-N", "-B", "-e", statement);
    query.environment().put("MYSQL_PWD", mariadb.get("MARIADB_PASSWORD"));
    Process process = query.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(statement + ": " + err).isZero();
    return out;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    String body = gerritText(path);
    return JSON.readTree(body.substring(body.indexOf('\n') + 1));
  }

  /** The body of Gerrit's answer to an authenticated GET of PATH (status 200). */
  private String gerritText(String path) throws IOException, InterruptedException {
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    String basic = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(gerrit.get("GERRIT_URL") + path))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private Map<String, String> facts(String service) throws IOException, InterruptedException {
    ProcessBuilder env = new ProcessBuilder("bash", root.resolve("src/services/" + service + ".sh").toString(), "env");
    env.environment().put("LANES_SERVICES_DIR", services.toString());
    env.environment().putAll(PORTS);
    // the demo's Zuul runs with its executor: its facts then name the node and the builds' log store
    env.environment().put("LANES_ZUUL_EXECUTOR", "1");
    Process process = env.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(1, TimeUnit.MINUTES);
    Map<String, String> facts = new LinkedHashMap<>();
    stdout.lines().filter(l -> l.contains("=")).forEach(l -> facts.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return facts;
  }
}
