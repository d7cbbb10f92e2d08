package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.testing.LocalService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Lanes' {@code zuul.d/} and {@code playbooks/} loaded by a real Zuul ({@code src/services/zuul.sh}) from the real
 * Gerrit, laid out as a deployment has them: {@code zuul.d/pipelines.yaml} in the tenant's trusted config project,
 * every other file of {@code zuul.d/} and {@code playbooks/} in the platforms repository (untrusted). Zuul's verdict
 * is read from zuul-web's REST API. The secrets are encrypted with the project's real public key first, as a
 * maintainer does with {@code zuul-client encrypt}: Zuul decrypts every secret while loading, and rejects the
 * repository's placeholders.
 */
class RealZuulLoadsLanesConfigTest {
  private static final Path REPOSITORY = LocalService.root();
  /** The one file of Lanes' zuul.d that goes to the tenant's config project (docs/zuul-jobs.md). */
  static final String CONFIG_PROJECT_FILE = "pipelines.yaml";
  private static final List<String> LANES_JOBS = List.of("lanes-backup-verify", "lanes-base", "lanes-build-image",
      "lanes-cluster-apply", "lanes-deploy", "lanes-dr-drill", "lanes-promote", "lanes-push-image", "lanes-render");
  private static final Pattern ENCRYPTED =
      Pattern.compile("(!encrypted/pkcs1-oaep\\s+(?:- )?)([A-Za-z0-9+/=]+)");

  /**
   * Broken copies of CheckZuulStepTest that real Zuul loads without an error: where check-zuul is deliberately
   * stricter (docs/steps/check-zuul.md, "check-zuul and Zuul's own loader"). The test proves Zuul accepts each.
   */
  static final Set<String> STRICTER_THAN_ZUUL = Set.of(
      "an undefined semaphore",
      "a secret of another project",
      "a playbook that does not exist",
      "a secret in plain text",
      "a misspelt pipeline",
      "parents that form a cycle");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static String zuulUrl;
  private static String tenant;
  private static String configProject;
  private static String project;
  private static String gerritUrl;
  private static CredentialsProvider gerritCredentials;
  private static String gerritAuthorization;

  @TempDir Path work;

  @BeforeAll
  static void startZuul() throws Exception {
    // Gerrit and MariaDB first, so that this JVM stops them at exit when it started them (zuul.sh starts them too).
    Map<String, String> gerrit = LocalService.start("gerrit");
    LocalService.start("mariadb");
    Map<String, String> zuul = LocalService.start("zuul");
    zuulUrl = zuul.get("ZUUL_URL");
    tenant = zuul.get("ZUUL_TENANT");
    configProject = zuul.get("ZUUL_CONFIG_PROJECT");
    project = zuul.get("ZUUL_PROJECT");
    gerritUrl = gerrit.get("GERRIT_URL");
    String user = gerrit.get("GERRIT_USER");
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    gerritCredentials = new UsernamePasswordCredentialsProvider(user, token);
    gerritAuthorization =
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    // A deployment reviews config-project changes; this test pushes straight to main, as an administrator.
    String admins = gerritJson("GET", "/a/groups/Administrators", null).path("id").asText();
    for (String name : List.of(configProject, project)) {
      gerritJson("POST", "/a/projects/" + encode(name) + "/access",
          "{\"add\": {\"refs/heads/*\": {\"permissions\": {\"push\": {\"rules\": {\"" + admins
              + "\": {\"action\": \"ALLOW\"}}}}}}}");
    }
  }

  @Test
  @DisplayName("real Zuul loads this repository's zuul.d and playbooks with no configuration error")
  void lanesConfigLoads() throws Exception {
    Layout layout = Layout.of(work);

    List<JsonNode> errors = load(layout, true);

    assertThat(errors).as("Zuul's config errors").isEmpty();
    assertThat(names(zuulGet("/api/tenant/" + tenant + "/jobs"))).containsAll(LANES_JOBS);
    assertThat(names(zuulGet("/api/tenant/" + tenant + "/pipelines")))
        .containsExactlyInAnyOrder("check", "gate", "promote", "periodic");
    JsonNode projectConfig = zuulGet("/api/tenant/" + tenant + "/project/" + encode(project));
    assertThat(projectConfig.path("configs").get(0).path("templates").toString()).isEqualTo("[\"lanes-platform\"]");
    assertThat(projectConfig.toString()).contains("lanes-cluster-apply");
    JsonNode render = zuulGet("/api/tenant/" + tenant + "/job/lanes-render");
    assertThat(render.get(0).path("branches").get(0).asText()).isEqualTo("^platform/[a-z0-9-]+$");
  }

  @Test
  @DisplayName("real Zuul rejects this repository's placeholder secrets (not ciphertext), which check-zuul accepts")
  void placeholderSecretsRejected() throws Exception {
    Layout layout = Layout.of(work);

    List<JsonNode> errors = load(layout, false);

    assertThat(errors).as("Zuul's config errors").isNotEmpty();
    assertThat(errors).anySatisfy(e -> assertThat(e.path("short_error").asText())
        .isEqualTo("Ciphertext length must be equal to key size."));
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(
      resources = CheckZuulStepTest.BROKEN_COPIES,
      delimiter = '|',
      quoteCharacter = '`',
      numLinesToSkip = 1)
  @DisplayName("a broken copy of zuul.d that check-zuul rejects gives a config error in real Zuul too")
  void brokenCopy(String what, String file, String from, String to, String checkZuulSays) throws Exception {
    Layout layout = Layout.of(work);
    layout.edit(file, CheckZuulStepTest.lines(from), CheckZuulStepTest.lines(to));

    List<JsonNode> errors = load(layout, true);

    System.err.printf("real Zuul on %s (%s): %s%n", what, file,
        errors.stream().map(e -> e.path("source_context").path("path").asText() + ": "
            + e.path("short_error").asText()).toList());
    if (STRICTER_THAN_ZUUL.contains(what)) {
      assertThat(errors).as("Zuul accepts %s (listed as stricter in check-zuul)", what).isEmpty();
    } else {
      assertThat(errors).as("Zuul's config errors for %s", what).isNotEmpty();
    }
  }

  /** The two repositories of the tenant, as files: the config project's and the platforms repository's. */
  record Layout(Path config, Path platforms) {
    static Layout of(Path work) throws IOException {
      Layout layout = new Layout(work.resolve("config"), work.resolve("platforms"));
      CheckZuulStepTest.copyTree(REPOSITORY.resolve("zuul.d"), layout.platforms.resolve("zuul.d"));
      CheckZuulStepTest.copyTree(REPOSITORY.resolve("playbooks"), layout.platforms.resolve("playbooks"));
      Files.createDirectories(layout.config.resolve("zuul.d"));
      Files.move(layout.platforms.resolve("zuul.d").resolve(CONFIG_PROJECT_FILE),
          layout.config.resolve("zuul.d").resolve(CONFIG_PROJECT_FILE));
      return layout;
    }

    /** The file of Lanes' zuul.d named as CheckZuulStepTest names it, wherever it went. */
    Path zuulD(String file) {
      return (file.equals(CONFIG_PROJECT_FILE) ? config : platforms).resolve("zuul.d").resolve(file);
    }

    void edit(String file, String from, String to) throws IOException {
      Path path = zuulD(file);
      String text = Files.readString(path);
      assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of %s in %s", from, file).hasSize(2);
      Files.writeString(path, text.replace(from, to));
    }
  }

  /**
   * Pushes the layout to Gerrit (with the secrets encrypted for the project when asked), reloads the tenant and
   * returns zuul-web's config errors once zuul-web serves this layout (a semaphore with a fresh name in the config
   * project marks it: zuul-web loads a new layout a moment after the scheduler).
   */
  private List<JsonNode> load(Layout layout, boolean encryptSecrets) throws Exception {
    String marker = "lanes-test-layout-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(layout.config.resolve("zuul.d/lanes-test-marker.yaml"),
        "# Written by RealZuulLoadsLanesConfigTest: marks the layout it pushed.\n- semaphore:\n    name: " + marker
            + "\n    max: 1\n");
    if (encryptSecrets) {
      encryptSecrets(layout.platforms.resolve("zuul.d"));
    }
    push(configProject, layout.config);
    push(project, layout.platforms);
    Process reconfigure = new ProcessBuilder("bash", REPOSITORY.resolve("src/services/zuul.sh").toString(),
        "reconfigure").redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    assertThat(reconfigure.waitFor(5, TimeUnit.MINUTES)).as("zuul.sh reconfigure finished").isTrue();
    assertThat(reconfigure.exitValue()).as("zuul.sh reconfigure").isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!names(zuulGet("/api/tenant/" + tenant + "/semaphores")).contains(marker)) {
      assertThat(System.nanoTime()).as("zuul-web serves the layout with semaphore %s", marker).isLessThan(deadline);
      Thread.sleep(500);
    }
    List<JsonNode> errors = new ArrayList<>();
    zuulGet("/api/tenant/" + tenant + "/config-errors?limit=500").forEach(errors::add);
    return errors;
  }

  /** Encrypts every secret value in place with the project's public key, as zuul-client encrypt does. */
  private static void encryptSecrets(Path zuulD) throws Exception {
    PublicKey key = projectKey();
    try (Stream<Path> walk = Files.walk(zuulD)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        Matcher m = ENCRYPTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          byte[] plain = Base64.getDecoder().decode(m.group(2));
          m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + encrypt(key, plain)));
        }
        m.appendTail(out);
        Files.writeString(file, out.toString());
      }
    }
  }

  private static PublicKey projectKey() throws Exception {
    String pem = zuulText("/api/tenant/" + tenant + "/key/" + encode(project) + ".pub");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** RSA OAEP with SHA-1 and MGF1-SHA-1, Zuul's pkcs1-oaep. */
  private static String encrypt(PublicKey key, byte[] plain) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
  }

  /** Makes main of the Gerrit project NAME hold exactly the files under DIR (a new commit on top of main). */
  private void push(String name, Path dir) throws Exception {
    Path clone = Files.createTempDirectory(work, "clone-");
    try (Git git = Git.cloneRepository().setURI(gerritUrl + "/a/" + name).setBranch("main")
        .setCredentialsProvider(gerritCredentials).setDirectory(clone.toFile()).call()) {
      try (Stream<Path> top = Files.list(clone)) {
        for (Path path : top.filter(p -> !p.getFileName().toString().equals(".git")).toList()) {
          deleteTree(path);
        }
      }
      CheckZuulStepTest.copyTree(dir, clone);
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      git.commit().setAllowEmpty(true).setMessage("RealZuulLoadsLanesConfigTest layout")
          .setAuthor("Lanes test", "lanes-test@lanes.invalid").setCommitter("Lanes test", "lanes-test@lanes.invalid")
          .call();
      git.push().setRemote("origin").add("HEAD:refs/heads/main").setCredentialsProvider(gerritCredentials).call()
          .forEach(result -> result.getRemoteUpdates().forEach(update -> assertThat(update.getStatus().name())
              .as("push to %s: %s", name, update.getMessage()).isEqualTo("OK")));
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  private static JsonNode zuulGet(String path) throws Exception {
    return JSON.readTree(zuulText(path));
  }

  private static String zuulText(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(zuulUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  private static JsonNode gerritJson(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gerritUrl + path))
        .header("Authorization", gerritAuthorization)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s", method, path).isBetween(200, 299);
    return JSON.readTree(response.body().substring(response.body().indexOf('\n') + 1));
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
