package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.kube.KubeCluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lanes' own {@code check} job, {@code lanes-render}, run by the real Zuul of {@code src/services/zuul.sh} with its
 * executor ({@code LANES_ZUUL_EXECUTOR=1}) on changes pushed for review to the platform branch {@code platform/acme}
 * of the real Gerrit, against the real control plane of {@code kube.sh}. Nothing in the job is a test double: the
 * tenant is Lanes' {@code zuul.d} and {@code playbooks} as {@link RealZuulTenant} lays them out, the runner is the
 * {@code zuul-steps.jar} Maven packaged (published by {@code zuul.sh publish-runner}, installed by pre-run from its
 * URL with its checksum), and acme's kubeconfig is a real ServiceAccount's, encrypted with the config project's
 * public key and decrypted by the executor. A failsafe test (after {@code package}): it needs that jar.
 */
class RealZuulRunsLanesJobsIT {
  private static final Path FIXTURE = RealZuulTenant.REPOSITORY.resolve(
      "zuul-steps/src/test/resources/real-zuul-lanes/platform-acme");
  private static final Path JAR = RealZuulTenant.REPOSITORY.resolve("zuul-steps/target/zuul-steps.jar");
  private static final String BRANCH = "platform/acme";
  private static final String APPS = "env/k8s/apps.yml";
  /** The Deployment's document starts on this line of {@link #APPS}: render places its violations there. */
  private static final int DEPLOYMENT_LINE = 8;
  private static final Duration VOTE_TIMEOUT = Duration.ofMinutes(10);
  private static final String CANARY = "lanes-canary-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  private static final List<String> BUILDS = new ArrayList<>();
  private static RealZuulTenant zuul;
  private static Path platform;
  private static String kubeToken;
  private static Map<String, String> podman;

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
    // This tenant runs Lanes' check and gate jobs. acme's previews (zuul.d/preview.yaml: their own jobs in check, with
    // acme's preview ServiceAccount, which this test's cluster does not have) are left out: a platform opts in to them
    // on its own, and Zuul running them is not tested yet (PreviewAgainstKubeTest runs the step).
    Files.delete(layout.config().resolve("zuul.d/preview.yaml"));
    String kubeconfig = acmeKubeconfig();
    Path acme = layout.config().resolve("zuul.d/platforms/acme.yaml");
    replacePlaceholder(acme, "acme kubeconfig", kubeconfig);
    replacePlaceholder(acme, "acme registry password", CANARY);

    pushPlatformMap(FIXTURE.resolve("lanes.config"));
    platform = work.resolve("platform");
    CheckZuulStepTest.copyTree(FIXTURE, platform);
    CheckZuulStepTest.copyTree(layout.platforms(), platform);
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
    String admins = zuul.gerritJson("GET", "/a/groups/Administrators", null).path("id").asText();
    zuul.gerritJson("POST", "/a/projects/" + RealZuulTenant.encode(zuul.project) + "/access",
        "{\"add\": {\"refs/meta/config\": {\"permissions\": {"
            + Stream.of("push", "forgeAuthor", "forgeCommitter").map(permission -> "\"" + permission
                + "\": {\"rules\": {\"" + admins + "\": {\"action\": \"ALLOW\"}}}")
                .collect(Collectors.joining(", ")) + "}}}}");
    Path clone = Files.createTempDirectory(work, "meta-config-");
    try (Git git = Git.init().setDirectory(clone.toFile()).call()) {
      git.fetch().setRemote(zuul.gerritUrl + "/a/" + zuul.project).setCredentialsProvider(zuul.gerritCredentials)
          .setRefSpecs(new RefSpec("refs/meta/config:refs/remotes/origin/meta-config")).call();
      git.checkout().setName("origin/meta-config").call();
      Files.copy(map, clone.resolve("lanes.config"), StandardCopyOption.REPLACE_EXISTING);
      git.add().addFilepattern("lanes.config").call();
      git.commit().setMessage("Platform map").setAuthor("Lanes test", "lanes-test@lanes.invalid")
          .setCommitter("Lanes test", "lanes-test@lanes.invalid").call();
      git.push().setRemote(zuul.gerritUrl + "/a/" + zuul.project).setCredentialsProvider(zuul.gerritCredentials)
          .add("HEAD:refs/meta/config").call()
          .forEach(result -> result.getRemoteUpdates().forEach(update -> assertThat(update.getStatus().name())
              .as("push of the platform map: %s", update.getMessage()).isEqualTo("OK")));
    }
  }

  /**
   * acme's kubeconfig: ServiceAccount lanes-zuul of namespace openedx-acme (kube.sh), with the API server's CA
   * inlined so that the secret is the whole credential, and the canary as a comment.
   */
  private static String acmeKubeconfig() throws Exception {
    Path file = new KubeCluster().serviceAccountKubeconfig("openedx-acme", "lanes-zuul");
    String text = Files.readString(file);
    Matcher ca = Pattern.compile("certificate-authority: (\\S+)").matcher(text);
    assertThat(ca.find()).as("the kubeconfig names its CA file").isTrue();
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(ca.group(1))));
    Matcher token = Pattern.compile("token: (\\S+)").matcher(text);
    assertThat(token.find()).as("the kubeconfig holds a token").isTrue();
    kubeToken = token.group(1);
    return "# " + CANARY + "\n" + text.replace(ca.group(0), "certificate-authority-data: " + caData);
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
  }

  /**
   * A change to the platform's image runs both check jobs: lanes-render (env/) and lanes-build-image (env/build/),
   * which builds the image on the node's engine with the change's tag.
   */
  @Test
  @DisplayName("a change to the platform's image is built on the node by lanes-build-image in check")
  void imageChangeBuiltOnTheNode() throws Exception {
    Path image = Files.createTempDirectory(work, "image-");
    Files.createDirectories(image.resolve("env/build/openedx"));
    Files.writeString(image.resolve("env/build/openedx/Dockerfile"), "FROM scratch\nCOPY theme.txt /theme.txt\n");
    Files.writeString(image.resolve("env/build/openedx/theme.txt"), "indigo\n");
    String change = pushForReview("replicas: 1", "replicas: 1", "Build acme's image", "", image);

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
    assertThat(listed).as("the engine's images").contains("localhost:5000/acme/openedx:change-" + number + "-ps-1");
  }

  /**
   * The loop past check: a change Zuul verified, approved (Code-Review +2, Workflow +1), runs {@code gate}
   * ({@code lanes-render} on the merged state; {@code lanes-push-image} is skipped by its file matcher), gets
   * {@code Verified +2} and is submitted by Zuul's own user.
   */
  @Test
  @DisplayName("an approved change is gated by lanes-render and submitted by Zuul")
  void approvedChangeGatedAndSubmitted() throws Exception {
    String change = pushForReview("PLATFORM: acme", "PLATFORM: acme\n  THEME: indigo", "Give acme a theme");
    assertThat(zuul.verifiedVote(change, VOTE_TIMEOUT).path("value").asInt()).as("check's vote").isEqualTo(1);

    zuul.gerritJson("POST", "/a/changes/" + change + "/revisions/current/review",
        "{\"labels\": {\"Code-Review\": 2, \"Workflow\": 1}}");

    long deadline = System.nanoTime() + VOTE_TIMEOUT.toNanos();
    JsonNode detail = zuul.gerritJson("GET", "/a/changes/" + change + "/detail", null);
    while (!detail.path("status").asText().equals("MERGED")) {
      assertThat(System.nanoTime()).as("Zuul submits %s; messages: %s", change, detail.path("messages"))
          .isLessThan(deadline);
      Thread.sleep(3000);
      detail = zuul.gerritJson("GET", "/a/changes/" + change + "/detail", null);
    }
    String user = zuul.zuul.get("ZUUL_GERRIT_USER");
    assertThat(detail.path("submitter").path("username").asText()).as("who submitted").isEqualTo(user);
    List<Integer> zuulVerified = new ArrayList<>();
    detail.path("labels").path("Verified").path("all").forEach(vote -> {
      if (vote.path("username").asText().equals(user)) {
        zuulVerified.add(vote.path("value").asInt());
      }
    });
    assertThat(zuulVerified).as("Zuul's Verified vote after gate").containsExactly(2);
    JsonNode gate = zuul.build(change, "lanes-render");
    BUILDS.add(gate.path("log_url").asText());
    assertThat(gate.path("pipeline").asText()).isEqualTo("gate");
    assertThat(gate.path("result").asText()).isEqualTo("SUCCESS");
  }

  /**
   * The lane-breaking change: the Deployment scaled in apps.yml, and its image replaced by an inline JSON patch in
   * kustomization.yml with one outside acme's registry. Lanes' Gerrit plugin checks every manifest under env/ at push
   * but not what kustomize's patches make of them (an image written in apps.yml itself is refused at push, before
   * Zuul sees the change); render checks kustomize's output and reports the violation on the Deployment's source
   * line. Zuul comments only on files the change touches: apps.yml is one.
   */
  @Test
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
  }

  /**
   * The secrets canary: after the builds, neither the canary (in acme's kubeconfig and registry secrets) nor the
   * kubeconfig's token is in any file of the builds' stored logs (job-output.txt and .json, what the node left) or in
   * the Zuul services' own logs.
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
      assertThat(text).as("%s holds no secret", file).doesNotContain(CANARY).doesNotContain(kubeToken);
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
    String changeId = "I" + HexFormat.of().formatHex(new SecureRandom().generateSeed(20));
    zuul.push(zuul.project, BRANCH, "refs/for/" + BRANCH, dir, work, subject + "\n\nChange-Id: " + changeId + "\n");
    return RealZuulTenant.encode(zuul.project) + "~" + RealZuulTenant.encode(BRANCH) + "~" + changeId;
  }
}
