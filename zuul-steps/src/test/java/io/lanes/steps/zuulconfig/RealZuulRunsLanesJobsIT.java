package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lanes.steps.testing.GerritProject;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.kube.KubeCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lanes' own {@code check} job, {@code lanes-render}, run by the real Zuul of {@code src/services/zuul.sh} with its
 * executor ({@code LANES_ZUUL_EXECUTOR=1}) on changes pushed for review to the platform branch {@code platform/acme}
 * of the real Gerrit, against the real control plane of {@code kube.sh}. Nothing in the job is a test double: the
 * tenant is Lanes' {@code zuul.d} and {@code playbooks} as {@link RealZuulTenant} lays them out, the runner is the
 * {@code zuul-steps.jar} Maven packaged (published by {@code zuul.sh publish-runner}, installed by pre-run from its
 * URL with its checksum), and acme's kubeconfig is a real ServiceAccount's, encrypted with the config project's
 * public key and decrypted by the executor. A failsafe test (after {@code package}): it needs that jar.
 *
 * <p>The tests run in order: the first three compare with an empty namespace and leave nothing merged; the fourth
 * brings a preview up and down and abandons its change (its change is pushed on the branch as the set-up left it);
 * the fifth merges a change through gate and deploys it through promote; the sixth runs the periodic pipeline on
 * demand. After the first three, the lanes-gerrit secret's reports are read back from the Lanes plugin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealZuulRunsLanesJobsIT {
  private static final Path FIXTURE = RealZuulTenant.REPOSITORY.resolve(
      "zuul-steps/src/test/resources/real-zuul-lanes/platform-acme");
  private static final Path JAR = RealZuulTenant.REPOSITORY.resolve("zuul-steps/target/zuul-steps.jar");
  private static final String BRANCH = "platform/acme";
  private static final String APPS = "env/k8s/apps.yml";
  /** The Deployment's document starts on this line of {@link #APPS}: render places its violations there. */
  private static final int DEPLOYMENT_LINE = 8;
  private static final Duration VOTE_TIMEOUT = Duration.ofMinutes(10);
  /** Gate (render, then push-image on the one node) and promote (promote, then deploy) each run two builds. */
  private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(20);
  /** Where acme's images are: its Tutor plugin's build directory, named in its branch's project stanza. */
  private static final String BUILD_DIR = "env/plugins/acme/build";
  private static final String NAMESPACE = "openedx-acme";
  /** acme's preview ServiceAccount (namespace/name), a cluster administrator's choice. */
  private static final String PREVIEW_ACCOUNT = "lanes-previews/lanes-preview-acme";
  /** A preview: requested (Lanes-Preview +1), up, updated by a second patch set, down on abandon. */
  private static final Duration PREVIEW_TIMEOUT = Duration.ofMinutes(10);
  private static final String CANARY = "lanes-canary-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  private static final List<String> BUILDS = new ArrayList<>();
  private static final Map<String, String> CHANGE_IDS = new java.util.HashMap<>();
  private static String previewToken;
  private static RealZuulTenant zuul;
  private static Path platform;
  private static String kubeToken;
  /** Zuul's Gerrit token, the password of the lanes-gerrit secret with which the jobs report their stages. */
  private static String gerritToken;
  private static Map<String, String> podman;
  private static Map<String, String> registry;

  @TempDir static Path work;

  @BeforeAll
  static void loadTenant() throws Exception {
    assertThat(JAR).as("the packaged runner (a failsafe test runs after package)").isRegularFile();
    zuul = RealZuulTenant.start();
    assertThat(zuul.zuul).as("Zuul's facts: the executor and its node run only with LANES_ZUUL_EXECUTOR=1"
        + " (src/scripts/test.sh sets it)").containsKey("ZUUL_NODE_SSH_PORT");
    assertThat(zuul.gerrit).as("Gerrit's facts: Zuul gets events only over Gerrit's SSH daemon, on with"
        + " LANES_GERRIT_SSH_PORT (src/scripts/test.sh sets it)").containsKey("GERRIT_SSH_PORT");
    LocalService.start("kube");
    podman = LocalService.start("podman");
    // acme's registry: distribution 2.8 on Swift, asking for HTTP Basic authentication (acme's registry secret)
    registry = LocalService.start("registry-htpasswd");
    RealZuulTenant.zuulScript("publish-runner", JAR.toString());

    RealZuulTenant.Layout layout = zuul.layout(work.resolve("layout"));
    // the site's engine for the image jobs: the node (this machine) reaches podman.sh's Docker API socket
    Files.writeString(layout.config().resolve("zuul.d/site-lanes-engine.yaml"), """
        # The node's Docker-compatible engine (written by RealZuulRunsLanesJobsIT: podman.sh on this machine).
        - job:
            name: lanes-base
            vars:
              lanes_docker_host: %s
        """.formatted(podman.get("DOCKER_HOST")));
    String kubeconfig = acmeKubeconfig();
    Path acme = layout.config().resolve("zuul.d/platforms/acme.yaml");
    replacePlaceholder(acme, "acme kubeconfig", kubeconfig);
    // acme's previews (zuul.d/preview.yaml, the fixture map's [preview "acme"]): their own ServiceAccount, with the
    // rights `preview access` prints, applied as the cluster administrator would
    replacePlaceholder(layout.config().resolve("zuul.d/preview.yaml"), "acme preview kubeconfig",
        previewKubeconfig());
    replacePlaceholder(acme, "acme registry user", registry.get("REGISTRY_USER"));
    replacePlaceholder(acme, "acme registry password", registry.get("REGISTRY_PASSWORD"));
    // the jobs report their stages to the Lanes plugin as Zuul's Gerrit user (a Service User, the plugin's reporting
    // group), at the site variable lanes_gerrit_url that zuul.sh sets
    Path secrets = layout.config().resolve("zuul.d/secrets.yaml");
    gerritToken = Files.readString(Path.of(zuul.zuul.get("ZUUL_GERRIT_TOKEN_FILE"))).strip();
    replacePlaceholder(secrets, "lanes gerrit user", zuul.zuul.get("ZUUL_GERRIT_USER"));
    replacePlaceholder(secrets, "lanes gerrit password", gerritToken);

    platform = work.resolve("platform");
    CheckZuulStepTest.copyTree(FIXTURE, platform);
    // the fixture's registry, localhost:5000, is registry-htpasswd.sh's here: in the map and the Deployment's image
    for (String file : List.of("lanes.config", APPS)) {
      Path path = platform.resolve(file);
      Files.writeString(path, Files.readString(path).replace("localhost:5000", registry.get("REGISTRY_HOST")));
    }
    pushPlatformMap(platform.resolve("lanes.config"));
    CheckZuulStepTest.copyTree(layout.platforms(), platform);
    // acme's images are its Tutor plugin's (env/plugins/acme/build/<image>): the platform branch's project stanza
    // says so to Lanes' image jobs (docs/zuul-jobs.md, "Build directories")
    Path stanza = platform.resolve("zuul.d/projects.yaml");
    String templates = "    templates:\n      - lanes-platform\n";
    assertThat(Files.readString(stanza)).contains(templates);
    Files.writeString(stanza, Files.readString(stanza).replace(templates,
        "    vars:\n      lanes_build_dirs: [" + BUILD_DIR + "]\n" + templates));
    boolean branched = zuul.gerritJson("GET", "/a/projects/" + RealZuulTenant.encode(zuul.project) + "/branches/", null)
        .findValuesAsText("ref").contains("refs/heads/" + BRANCH);
    zuul.push(zuul.project, branched ? BRANCH : "main", "refs/heads/" + BRANCH, platform, work, "Platform acme");
    assertThat(zuul.load(layout, true, work)).as("Zuul's config errors").isEmpty();
  }

  /**
   * The platform map in the platforms repository's refs/meta/config, where Lanes' Gerrit plugin reads it (it closes
   * a platform branch that no map names).
   */
  private static void pushPlatformMap(Path map) throws Exception {
    new GerritProject(zuul.gerritUrl, zuul.gerrit.get("GERRIT_USER"),
        Files.readString(Path.of(zuul.gerrit.get("GERRIT_TOKEN_FILE"))).strip(), zuul.project)
        .pushPlatformMap(map, work);
  }

  /**
   * acme's kubeconfig: ServiceAccount lanes-zuul of namespace openedx-acme (kube.sh), with the API server's CA
   * inlined so that the secret is the whole credential, and the canary as a comment.
   */
  private static String acmeKubeconfig() throws Exception {
    Path file = new KubeCluster().serviceAccountKubeconfig("openedx-acme", "lanes-zuul");
    String inlined = inlined(file);
    Matcher token = Pattern.compile("token: (\\S+)").matcher(inlined);
    assertThat(token.find()).as("the kubeconfig holds a token").isTrue();
    kubeToken = token.group(1);
    return inlined;
  }

  /** The kubeconfig FILE with its CA inlined (the secret is then the whole credential) and the canary as a comment. */
  private static String inlined(Path file) throws Exception {
    String text = Files.readString(file);
    Matcher ca = Pattern.compile("certificate-authority: (\\S+)").matcher(text);
    assertThat(ca.find()).as("the kubeconfig names its CA file").isTrue();
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(ca.group(1))));
    return "# " + CANARY + "\n" + text.replace(ca.group(0), "certificate-authority-data: " + caData);
  }

  /**
   * acme's preview kubeconfig: ServiceAccount {@value #PREVIEW_ACCOUNT}, given exactly the rights {@code zuul-steps
   * preview access} prints for acme (RBAC on acme's preview namespaces only, and an admission policy), with the CA
   * inlined and the canary as a comment. Waits until the API server enforces the policy.
   */
  private static String previewKubeconfig() throws Exception {
    String[] account = PREVIEW_ACCOUNT.split("/");
    Path file = new KubeCluster().serviceAccountKubeconfig(account[0], account[1]);
    Path admin = Path.of(LocalService.start("kube").get("KUBE_API_KUBECONFIG"));
    Process access = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "preview", "access", "--config", FIXTURE.resolve("lanes.config").toString(), "--platform",
        "acme", "--service-account", PREVIEW_ACCOUNT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String rights = new String(access.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(access.waitFor()).as("preview access").isZero();
    assertThat(kubectl(admin, rights, "apply", "-f", "-")).as("the preview rights applied")
        .doesNotContainIgnoringCase("error");
    for (int i = 0; ; i++) {
      String probe = kubectl(file, "", "label", "namespace", NAMESPACE, "lanes.io/probe=1", "--dry-run=server");
      if (probe.contains("writes only in preview namespaces")) {
        break;
      }
      assertThat(i).as("the preview admission policy takes effect; last answer: %s", probe).isLessThan(150);
      Thread.sleep(200);
    }
    String inlined = inlined(file);
    Matcher token = Pattern.compile("token: (\\S+)").matcher(inlined);
    assertThat(token.find()).as("the preview kubeconfig holds a token").isTrue();
    previewToken = token.group(1);
    return inlined;
  }

  /** kubectl at the control plane's release as KUBECONFIG, STDIN its input; what it printed (stdout and stderr). */
  private static String kubectl(Path kubeconfig, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(LocalService.start("kube").get("KUBECTL"), "--kubeconfig",
        kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  /** Replaces the sample placeholder that decodes to "...: WHAT" in FILE with VALUE's base64, for encryption. */
  private static void replacePlaceholder(Path file, String what, String value) throws Exception {
    String text = Files.readString(file);
    Matcher m = Pattern.compile("[A-Za-z0-9+/=]{40,}").matcher(text);
    StringBuilder out = new StringBuilder();
    int found = 0;
    while (m.find()) {
      String plain = new String(Base64.getDecoder().decode(m.group()), StandardCharsets.UTF_8);
      String replacement = m.group();
      if (plain.endsWith(": " + what)) {
        replacement = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        found++;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    assertThat(found).as("placeholders of %s in %s", what, file).isEqualTo(1);
    Files.writeString(file, out.toString());
  }

  @Test
  @Order(1)
  @DisplayName("a good change gets Verified +1 from lanes-render, with the preview compared against the namespace")
  void goodChangeVerified() throws Exception {
    long pushed = System.nanoTime();
    String change = pushForReview("replicas: 1", "replicas: 2", "Run two LMS replicas");

    JsonNode vote = zuul.verifiedVote(change, VOTE_TIMEOUT);

    System.err.printf("real Zuul, lanes-render: push to Verified in %d s%n",
        Duration.ofNanos(System.nanoTime() - pushed).toSeconds());
    JsonNode build = zuul.build(change, "lanes-render");
    BUILDS.add(build.path("log_url").asText());
    assertThat(vote.path("value").asInt()).as("Zuul's Verified vote; build %s", build).isEqualTo(1);
    assertThat(vote.path("username").asText()).isEqualTo(zuul.zuul.get("ZUUL_GERRIT_USER"));
    assertThat(build.path("result").asText()).isEqualTo("SUCCESS");
    assertThat(build.path("pipeline").asText()).isEqualTo("check");
    assertThat(build.path("ref").path("branch").asText(build.path("branch").asText())).isEqualTo(BRANCH);
    JsonNode preview = artifact(build, "Render preview (acme)");
    assertThat(preview.path("metadata").path("type").asText()).isEqualTo("lanes_preview");
    String text = Files.readString(Path.of(URI.create(preview.path("url").asText())));
    assertThat(text).as("the preview, compared with the live namespace through acme's kubeconfig secret")
        .contains("acme → namespace openedx-acme").contains("**2 added**").contains("`Deployment/lms`")
        .contains("`env/k8s/apps.yml:" + DEPLOYMENT_LINE + "`");
    assertThat(Files.readString(Path.of(URI.create(artifact(build, "Rendered manifests (acme)").path("url")
        .asText())))).contains("replicas: 2").contains("lanes.io/platform: acme");
    JsonNode render = reportedStage(change, "render");
    assertThat(render.path("status").asText()).as("render as lanes-render reported it: %s", render)
        .isEqualTo("PASSED");
    assertThat(render.path("summary").asText()).contains("2 added").contains("openedx-acme");
    assertThat(render.path("items").toString()).contains("Deployment/lms");
  }

  /**
   * The stage STAGE of the change's current patch set as the Lanes plugin gives it to the Checks tab ({@code
   * lanes~results}), checked to be reported by Zuul's Gerrit user: lanes-base's post-run posted it, before Zuul voted.
   */
  private static JsonNode reportedStage(String change, String stage) throws Exception {
    JsonNode stages = zuul.gerritJson("GET", "/a/changes/" + change + "/revisions/current/lanes~results", null);
    JsonNode reported = stages.path(stage);
    assertThat(reported.isObject()).as("stage %s in lanes~results: %s", stage, stages).isTrue();
    assertThat(reported.path("reported_by").asText()).as("who reported %s", stage)
        .contains(zuul.zuul.get("ZUUL_GERRIT_USER"));
    return reported;
  }

  /**
   * A change to the platform's image runs both check jobs: lanes-render (env/) and lanes-build-image (its files
   * include env/plugins/<plugin>/build/), which builds the image of acme's build directory on the node's engine with
   * the change's tag.
   */
  @Test
  @Order(2)
  @DisplayName("a change to the platform's image is built on the node by lanes-build-image in check")
  void imageChangeBuiltOnTheNode() throws Exception {
    String change = pushForReview("replicas: 1", "replicas: 1", "Build acme's image", "", image("indigo"));

    JsonNode vote = zuul.verifiedVote(change, VOTE_TIMEOUT);

    JsonNode build = zuul.build(change, "lanes-build-image");
    BUILDS.add(build.path("log_url").asText());
    assertThat(vote.path("value").asInt()).as("Zuul's Verified vote; build %s", build).isEqualTo(1);
    assertThat(build.path("result").asText()).isEqualTo("SUCCESS");
    assertThat(zuul.build(change, "lanes-render").path("result").asText()).isEqualTo("SUCCESS");
    int number = zuul.gerritJson("GET", "/a/changes/" + change, null).path("_number").asInt();
    Process images = new ProcessBuilder("curl", "-sf", "--unix-socket", podman.get("PODMAN_SOCKET"),
        "http://podman/v1.41/images/json").start();
    String listed = new String(images.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(images.waitFor()).isZero();
    assertThat(listed).as("the engine's images")
        .contains(registry.get("REGISTRY_HOST") + "/acme/openedx:change-" + number + "-ps-1");
    JsonNode built = reportedStage(change, "images");
    assertThat(built.path("status").asText()).as("images as lanes-build-image reported them: %s", built)
        .isEqualTo("PASSED");
    assertThat(built.path("items").toString()).contains("acme/openedx");
    assertThat(reportedStage(change, "render").path("status").asText()).isEqualTo("PASSED");
  }

  /** A directory with acme's image, env/plugins/acme/build/openedx, whose theme file says THEME. */
  private static Path image(String theme) throws Exception {
    Path image = Files.createTempDirectory(work, "image-");
    Path openedx = Files.createDirectories(image.resolve(BUILD_DIR + "/openedx"));
    Files.writeString(openedx.resolve("Dockerfile"), "FROM scratch\nCOPY theme.txt /theme.txt\n");
    Files.writeString(openedx.resolve("theme.txt"), theme + "\n");
    return image;
  }

  /**
   * The whole loop: a change to acme's image and config, verified in check, approved (Code-Review +2, Workflow +1),
   * runs {@code gate} ({@code lanes-render} and {@code lanes-push-image}: built again on the merged state, pushed to
   * acme's registry with acme's registry secret), gets {@code Verified +2} and is submitted by Zuul's own user; the
   * merge starts {@code promote}: {@code lanes-promote} gives the gated image its release tags (the merged commit and
   * {@code latest-acme}) by digest, then {@code lanes-deploy} deploys the release into acme's namespace on the real
   * control plane, its image pinned to the promoted digest. Prints the time from submit to deployed.
   */
  @Test
  @Order(5)
  @DisplayName("an approved image change is gated, pushed, submitted by Zuul, promoted and deployed into acme's"
      + " namespace")
  void approvedChangeGatedPromotedAndDeployed() throws Exception {
    String change = pushForReview("PLATFORM: acme", "PLATFORM: acme\n  THEME: teal", "Give acme a teal theme", "",
        image("teal"));
    assertThat(zuul.verifiedVote(change, VOTE_TIMEOUT).path("value").asInt()).as("check's vote").isEqualTo(1);
    int number = zuul.gerritJson("GET", "/a/changes/" + change, null).path("_number").asInt();

    zuul.gerritJson("POST", "/a/changes/" + change + "/revisions/current/review",
        "{\"labels\": {\"Code-Review\": 2, \"Workflow\": 1}}");

    long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
    // project~number is read from NoteDb; the project~branch~Change-Id triplet goes through the change index, which
    // briefly misses a change while Gerrit moves it from the open to the closed index on submit (a 404 in CI)
    String stored = RealZuulTenant.encode(zuul.project) + "~" + number;
    JsonNode detail = zuul.gerritJson("GET", "/a/changes/" + stored + "/detail", null);
    while (!detail.path("status").asText().equals("MERGED")) {
      assertThat(System.nanoTime()).as("Zuul submits %s; messages: %s", change, detail.path("messages"))
          .isLessThan(deadline);
      Thread.sleep(3000);
      detail = zuul.gerritJson("GET", "/a/changes/" + stored + "/detail", null);
    }
    long merged = System.nanoTime();
    String user = zuul.zuul.get("ZUUL_GERRIT_USER");
    assertThat(detail.path("submitter").path("username").asText()).as("who submitted").isEqualTo(user);
    List<Integer> zuulVerified = new ArrayList<>();
    detail.path("labels").path("Verified").path("all").forEach(vote -> {
      if (vote.path("username").asText().equals(user)) {
        zuulVerified.add(vote.path("value").asInt());
      }
    });
    assertThat(zuulVerified).as("Zuul's Verified vote after gate").containsExactly(2);
    for (String job : List.of("lanes-render", "lanes-push-image")) {
      JsonNode gate = zuul.build(number, job);
      BUILDS.add(gate.path("log_url").asText());
      assertThat(gate.path("pipeline").asText()).as(job).isEqualTo("gate");
      assertThat(gate.path("result").asText()).as("%s: %s", job, gate).isEqualTo("SUCCESS");
    }
    JsonNode pushed = artifactOfType(zuul.build(number, "lanes-push-image"), "container_image");
    String digest = pushed.path("metadata").path("digest").asText(pushed.path("url").asText().replaceAll(".*@", ""));
    assertThat(digest).as("the pushed image's digest, from push-image's artifact %s", pushed).startsWith("sha256:");

    String commit = zuul.gerritJson("GET", "/a/projects/" + RealZuulTenant.encode(zuul.project) + "/branches/"
        + RealZuulTenant.encode(BRANCH), null).path("revision").asText();
    JsonNode deploy = completeBuild(number, "lanes-deploy", deadline);
    long deployed = System.nanoTime();
    JsonNode promote = zuul.build(number, "lanes-promote");
    BUILDS.add(promote.path("log_url").asText());
    BUILDS.add(deploy.path("log_url").asText());
    assertThat(promote.path("pipeline").asText()).isEqualTo("promote");
    assertThat(promote.path("result").asText()).as("lanes-promote: %s", promote).isEqualTo("SUCCESS");
    assertThat(deploy.path("pipeline").asText()).isEqualTo("promote");
    assertThat(deploy.path("result").asText()).as("lanes-deploy: %s", deploy).isEqualTo("SUCCESS");
    assertThat(manifestDigest("acme/openedx", commit)).as("the release tag: the gated digest").isEqualTo(digest);
    assertThat(manifestDigest("acme/openedx", "latest-acme")).as("latest-acme: the gated digest").isEqualTo(digest);

    // the control plane's admin, for checking only (the job deployed as acme's ServiceAccount)
    KubernetesClient kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
        Files.readString(Path.of(LocalService.start("kube").get("KUBE_API_KUBECONFIG"))))).build();
    Deployment lms = kube.apps().deployments().inNamespace(NAMESPACE).withName("lms").get();
    assertThat(lms).as("Deployment lms in %s", NAMESPACE).isNotNull();
    assertThat(lms.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("the deployed image: the promoted release, pinned to its digest")
        .isEqualTo(registry.get("REGISTRY_HOST") + "/acme/openedx:" + commit + "@" + digest);
    assertThat(lms.getMetadata().getLabels()).containsEntry("lanes.io/platform", "acme");
    assertThat(kube.configMaps().inNamespace(NAMESPACE).withName("lms-settings").get().getData())
        .containsEntry("THEME", "teal");
    kube.close();
    System.err.printf("real Zuul, submit to deployed: %d s (lanes-promote %s s, lanes-deploy %s s; load average %s)%n",
        Duration.ofNanos(deployed - merged).toSeconds(), promote.path("duration").asText(),
        deploy.path("duration").asText(), Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /** Waits for a complete build of JOB for change NUMBER (the newest), until DEADLINE (System.nanoTime). */
  private static JsonNode completeBuild(int number, String job, long deadline) throws Exception {
    while (true) {
      JsonNode builds = zuul.zuulGet("/api/tenant/" + zuul.tenant + "/builds?change=" + number + "&job_name=" + job
          + "&complete=true");
      if (!builds.isEmpty()) {
        return builds.get(0);
      }
      assertThat(System.nanoTime()).as("a complete build of %s for change %s; Zuul's status: %s", job, number,
          zuul.zuulGet("/api/tenant/" + zuul.tenant + "/status")).isLessThan(deadline);
      Thread.sleep(3000);
    }
  }

  /** The digest acme's registry serves for REPOSITORY:TAG, as acme's registry user. */
  private static String manifestDigest(String repository, String tag) throws Exception {
    String credentials = registry.get("REGISTRY_USER") + ":" + registry.get("REGISTRY_PASSWORD");
    HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(registry.get("REGISTRY_URL") + "/v2/" + repository + "/manifests/" + tag))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            credentials.getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/vnd.oci.image.manifest.v1+json,"
            + " application/vnd.docker.distribution.manifest.v2+json")
        .build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).as("HEAD %s:%s in acme's registry", repository, tag).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** The build's first artifact whose metadata type is TYPE. */
  private static JsonNode artifactOfType(JsonNode build, String type) {
    for (JsonNode artifact : build.path("artifacts")) {
      if (artifact.path("metadata").path("type").asText().equals(type)) {
        return artifact;
      }
    }
    throw new AssertionError("no artifact of type " + type + " in " + build.path("artifacts"));
  }

  /**
   * The periodic pipeline, run on demand as an operator does ({@code zuul.sh enqueue-ref}: zuul-web's REST API with a
   * tenant admin token): acme's branch has no backup (its map sets none), so {@code lanes-backup-verify} fails, and the
   * failure reaches the operators by mail (the pipeline's smtp reporter, to the connection's default address), naming
   * the job, its result and its build page on zuul-web (whose link leads to the logs), and the drill that did not run.
   * Zuul has no change to comment on for a periodic item.
   */
  @Test
  @Order(6)
  @DisplayName("a failed periodic buildset is mailed to the operators with the failed job and its build page")
  void periodicFailureMailed() throws Exception {
    Path inbox = Path.of(zuul.zuul.get("ZUUL_MAIL_DIR")).resolve("new");
    List<Path> before = Files.isDirectory(inbox) ? listFiles(inbox) : List.of();

    RealZuulTenant.zuulScript("enqueue-ref", "periodic", "refs/heads/" + BRANCH);

    long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
    List<Path> mails = new ArrayList<>();
    while (mails.isEmpty()) {
      assertThat(System.nanoTime()).as("a mail in %s; Zuul's status: %s", inbox,
          zuul.zuulGet("/api/tenant/" + zuul.tenant + "/status")).isLessThan(deadline);
      Thread.sleep(3000);
      if (Files.isDirectory(inbox)) {
        listFiles(inbox).stream().filter(mail -> !before.contains(mail)).forEach(mails::add);
      }
    }
    System.err.printf("real Zuul, periodic: enqueue to the failure mail in %d s (load average %s)%n",
        Duration.ofNanos(System.nanoTime() - (deadline - PIPELINE_TIMEOUT.toNanos())).toSeconds(),
        Files.readString(Path.of("/proc/loadavg")).strip());
    JsonNode builds = zuul.zuulGet("/api/tenant/" + zuul.tenant + "/builds?pipeline=periodic&job_name="
        + "lanes-backup-verify&branch=" + RealZuulTenant.encode(BRANCH) + "&complete=true");
    assertThat(builds).as("periodic builds of lanes-backup-verify").isNotEmpty();
    JsonNode verify = builds.get(0);
    BUILDS.add(verify.path("log_url").asText());
    assertThat(verify.path("result").asText()).as("lanes-backup-verify: %s", verify).isEqualTo("FAILURE");
    String mail = Files.readString(mails.get(0));
    int headersEnd = mail.indexOf("\n\n");
    if (mail.substring(0, headersEnd).contains("Content-Transfer-Encoding: base64")) {
      // MIMEText encodes a body that is not ASCII
      mail = mail.substring(0, headersEnd + 2) + new String(Base64.getMimeDecoder().decode(
          mail.substring(headersEnd + 2)), StandardCharsets.UTF_8);
    }
    assertThat(mail).as("the mail %s", mails.get(0))
        .contains("Subject: Lanes periodic FAILED: " + zuul.project + " " + BRANCH)
        .contains("To: " + zuul.zuul.get("ZUUL_MAIL_TO"))
        .contains("- lanes-backup-verify " + zuul.zuulUrl + "/t/" + zuul.tenant + "/build/"
            + verify.path("uuid").asText() + " : FAILURE")
        .contains("- lanes-dr-drill ").contains(": SKIPPED")
        // nothing an earlier build on the static node left (a promote's warning was once returned again here)
        .doesNotContain("promoted digest");
  }

  /**
   * acme's preview platform through Zuul: a reviewer's Lanes-Preview +1 starts the {@code preview} pipeline, whose
   * {@code lanes-preview-up} deploys the change into its own namespace with acme's preview ServiceAccount and reports
   * the {@code preview} stage with its URL to the Lanes plugin; a second patch set updates it (the vote is copied);
   * abandoning the change runs {@code lanes-preview-down} in {@code preview-cleanup}, and the namespace is gone. Prints
   * the time each took.
   */
  @Test
  @Order(4)
  @DisplayName("Lanes-Preview +1 brings up the change's preview, a new patch set updates it, abandon removes it")
  void previewUpUpdatedAndDown() throws Exception {
    String subject = "Preview a three-replica LMS";
    String change = pushForReview("replicas: 1", "replicas: 3", subject);
    // check has run on the new patch set (Zuul saw the event), and the preview pipeline took nothing from it
    assertThat(zuul.verifiedVote(change, VOTE_TIMEOUT).path("value").asInt()).as("check's vote").isEqualTo(1);
    int number = zuul.gerritJson("GET", "/a/changes/" + change, null).path("_number").asInt();
    String namespace = NAMESPACE + "-c" + number;
    KubernetesClient kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
        Files.readString(Path.of(LocalService.start("kube").get("KUBE_API_KUBECONFIG"))))).build();
    assertThat(zuul.zuulGet("/api/tenant/" + zuul.tenant + "/builds?change=" + number
        + "&job_name=lanes-preview-up")).as("no preview before a reviewer asks for one").isEmpty();
    assertThat(zuul.zuulGet("/api/tenant/" + zuul.tenant + "/status").toString()).as("Zuul's queues")
        .doesNotContain("lanes-preview-up");
    long started = System.nanoTime();

    zuul.gerritJson("POST", "/a/changes/" + change + "/revisions/current/review",
        "{\"labels\": {\"Lanes-Preview\": 1}}");

    long deadline = System.nanoTime() + PREVIEW_TIMEOUT.toNanos();
    JsonNode up = completeBuild(number, "lanes-preview-up", deadline);
    long upAt = System.nanoTime();
    BUILDS.add(up.path("log_url").asText());
    assertThat(up.path("pipeline").asText()).isEqualTo("preview");
    assertThat(up.path("result").asText()).as("lanes-preview-up: %s", up).isEqualTo("SUCCESS");
    assertThat(kube.namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsEntry("lanes.io/preview-of", "acme").containsEntry("lanes.io/patchset", "1");
    assertThat(kube.apps().deployments().inNamespace(namespace).withName("lms").get().getSpec().getReplicas())
        .as("a preview runs one replica").isEqualTo(1);
    JsonNode preview = reportedStage(change, "preview");
    assertThat(preview.path("status").asText()).as("preview as lanes-preview-up reported it: %s", preview)
        .isEqualTo("PASSED");
    assertThat(preview.path("url").asText()).isEqualTo("https://c" + number + ".preview.acme.example.org/");

    pushForReview("replicas: 1", "replicas: 4", subject);
    // the namespace's labels change first (then the deploy): wait for patch set 2's whole build
    JsonNode updated = null;
    while (updated == null) {
      for (JsonNode build : zuul.zuulGet("/api/tenant/" + zuul.tenant + "/builds?change=" + number
          + "&job_name=lanes-preview-up&complete=true")) {
        if (build.path("ref").path("patchset").asText(build.path("patchset").asText()).equals("2")) {
          updated = build;
        }
      }
      assertThat(System.nanoTime()).as("patch set 2 updates the preview; Zuul's status: %s",
          zuul.zuulGet("/api/tenant/" + zuul.tenant + "/status")).isLessThan(deadline);
      Thread.sleep(3000);
    }
    BUILDS.add(updated.path("log_url").asText());
    assertThat(updated.path("pipeline").asText()).isEqualTo("preview");
    assertThat(updated.path("result").asText()).as("lanes-preview-up of patch set 2: %s", updated)
        .isEqualTo("SUCCESS");
    assertThat(kube.namespaces().withName(namespace).get().getMetadata().getLabels())
        .containsEntry("lanes.io/patchset", "2");
    long updatedAt = System.nanoTime();

    zuul.gerritJson("POST", "/a/changes/" + change + "/abandon", "{}");
    JsonNode down = completeBuild(number, "lanes-preview-down", deadline);
    BUILDS.add(down.path("log_url").asText());
    assertThat(down.path("pipeline").asText()).isEqualTo("preview-cleanup");
    assertThat(down.path("result").asText()).as("lanes-preview-down: %s", down).isEqualTo("SUCCESS");
    while (kube.namespaces().withName(namespace).get() != null) {
      assertThat(System.nanoTime()).as("namespace %s removed", namespace).isLessThan(deadline);
      Thread.sleep(2000);
    }
    System.err.printf("real Zuul, preview: vote to up %d s (lanes-preview-up %s s), new patch set to updated %d s,"
        + " abandon to gone %d s; load average %s%n", Duration.ofNanos(upAt - started).toSeconds(),
        up.path("duration").asText(), Duration.ofNanos(updatedAt - upAt).toSeconds(),
        Duration.ofNanos(System.nanoTime() - updatedAt).toSeconds(),
        Files.readString(Path.of("/proc/loadavg")).strip());
    kube.close();
  }

  private static List<Path> listFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /**
   * The lane-breaking change: the Deployment scaled in apps.yml, and its image replaced by an inline JSON patch in
   * kustomization.yml with one outside acme's registry. Lanes' Gerrit plugin checks every manifest under env/ at push
   * but not what kustomize's patches make of them (an image written in apps.yml itself is refused at push, before
   * Zuul sees the change); render checks kustomize's output and reports the violation on the Deployment's source
   * line. Zuul comments only on files the change touches: apps.yml is one.
   */
  @Test
  @Order(3)
  @DisplayName("an image outside acme's registry gets Verified -1 and render's file comment on the Deployment")
  void laneBreakingChangeRejected() throws Exception {
    String change = pushForReview("replicas: 1", "replicas: 3", "Scale the LMS, run the miner", """
        patches:
          - target:
              kind: Deployment
              name: lms
            patch: |-
              - op: replace
                path: /spec/template/spec/containers/0/image
                value: docker.io/evil/miner:1.0
        """);

    JsonNode vote = zuul.verifiedVote(change, VOTE_TIMEOUT);

    JsonNode build = zuul.build(change, "lanes-render");
    BUILDS.add(build.path("log_url").asText());
    assertThat(vote.path("value").asInt()).as("Zuul's Verified vote; build %s", build).isEqualTo(-1);
    assertThat(build.path("result").asText()).isEqualTo("FAILURE");
    JsonNode comments = zuul.gerritJson("GET", "/a/changes/" + change + "/comments", null).path(APPS);
    assertThat(comments).as("Zuul's comments on %s", APPS).hasSize(1);
    assertThat(comments.get(0).path("line").asInt()).isEqualTo(DEPLOYMENT_LINE);
    assertThat(comments.get(0).path("message").asText()).contains("Deployment/lms")
        .contains("\"docker.io/evil/miner:1.0\"");
    assertThat(comments.get(0).path("author").path("username").asText())
        .isEqualTo(zuul.zuul.get("ZUUL_GERRIT_USER"));
    JsonNode render = reportedStage(change, "render");
    assertThat(render.path("status").asText()).as("render as lanes-render reported it: %s", render)
        .isEqualTo("FAILED");
    assertThat(render.path("items").toString()).contains(APPS + ":" + DEPLOYMENT_LINE + ": ")
        .contains("Deployment/lms");
  }

  /**
   * The secrets canary: after the builds, neither the canary (in acme's kubeconfig, preview kubeconfig and registry
   * secrets), the kubeconfigs' tokens nor the lanes-gerrit secret's password (Zuul's Gerrit token) is in any file of
   * the builds' stored logs (job-output.txt and .json, what the node left) or in the Zuul services' own logs.
   */
  @AfterAll
  static void secretsNeverLogged() throws Exception {
    if (BUILDS.isEmpty()) {
      return;
    }
    List<Path> files = new ArrayList<>();
    for (String logUrl : BUILDS) {
      assertThat(logUrl).as("the build's log_url (the site's base post-run stores the logs)").startsWith("file:/");
      Path dir = Path.of(URI.create(logUrl));
      assertThat(Files.readString(dir.resolve("job-output.txt"))).as("the stored job output of %s", dir)
          .contains("TASK [lanes_step : Run zuul-steps ").contains("Write the credential files this job's steps need");
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    try (Stream<Path> logs = Files.list(Path.of(zuul.zuul.get("ZUUL_CONF")).getParent().getParent())) {
      logs.filter(p -> p.toString().endsWith(".log")).forEach(files::add);
    }
    assertThat(files.size()).as("log files read").isGreaterThan(4);
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      assertThat(text).as("%s holds no secret", file).doesNotContain(CANARY).doesNotContain(kubeToken)
          .doesNotContain(registry.get("REGISTRY_PASSWORD")).doesNotContain(gerritToken)
          .doesNotContain(previewToken);
    }
  }

  /** The build's artifact NAME from Zuul's builds API, its URL resolved against the build's log URL. */
  private static JsonNode artifact(JsonNode build, String name) {
    for (JsonNode artifact : build.path("artifacts")) {
      if (artifact.path("name").asText().equals(name)) {
        return artifact;
      }
    }
    throw new AssertionError("no artifact " + name + " in " + build.path("artifacts"));
  }

  /** The Change-Id of the changes pushed with SUBJECT (a new one for each subject), so that a push again is a new
   * patch set of the same change. */
  private static String changeId(String subject) {
    return CHANGE_IDS.computeIfAbsent(subject,
        s -> "I" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20)));
  }

  /** Pushes the platform branch with FROM replaced by TO in env/k8s/apps.yml for review; returns the change. */
  private static String pushForReview(String from, String to, String subject) throws Exception {
    return pushForReview(from, to, subject, "");
  }

  /** As {@link #pushForReview(String, String, String)}, with KUSTOMIZATION appended to env/kustomization.yml. */
  private static String pushForReview(String from, String to, String subject, String kustomization)
      throws Exception {
    return pushForReview(from, to, subject, kustomization, null);
  }

  /** As above, with the files under EXTRA (when not null) added to the change. */
  private static String pushForReview(String from, String to, String subject, String kustomization, Path extra)
      throws Exception {
    Path dir = Files.createTempDirectory(work, "change-");
    CheckZuulStepTest.copyTree(platform, dir);
    if (extra != null) {
      CheckZuulStepTest.copyTree(extra, dir);
    }
    Path apps = dir.resolve(APPS);
    String text = Files.readString(apps);
    assertThat(text).contains(from);
    Files.writeString(apps, text.replace(from, to));
    Files.writeString(dir.resolve("env/kustomization.yml"), kustomization, StandardOpenOption.APPEND);
    String changeId = changeId(subject);
    zuul.push(zuul.project, BRANCH, "refs/for/" + BRANCH, dir, work, subject + "\n\nChange-Id: " + changeId + "\n");
    return RealZuulTenant.encode(zuul.project) + "~" + RealZuulTenant.encode(BRANCH) + "~" + changeId;
  }
}
