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
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The real Zuul of {@code src/services/zuul.sh} on the real Gerrit, and Lanes' configuration laid out in its tenant as
 * a deployment has it (docs/zuul-jobs.md): the trusted config project holds the site's part (zuul.sh's base job and
 * node) and all of Lanes' {@code zuul.d/} and {@code playbooks/} but the project stanza, {@code zuul.d/projects.yaml},
 * which is the platforms repository's (untrusted). Shared by the tests that load and run it.
 */
final class RealZuulTenant {
  static final Path REPOSITORY = LocalService.root();
  /** The one file of Lanes' zuul.d that goes to the platforms repository; the rest is the config project's. */
  static final String PLATFORMS_FILE = "projects.yaml";
  private static final Pattern ENCRYPTED = Pattern.compile("(!encrypted/pkcs1-oaep\\s+(?:- )?)([A-Za-z0-9+/=]+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final Map<String, String> gerrit;
  final Map<String, String> zuul;
  final String zuulUrl;
  final String tenant;
  final String configProject;
  final String project;
  final String gerritUrl;
  final Path siteConfig;
  final CredentialsProvider gerritCredentials;
  private final String gerritAuthorization;

  private RealZuulTenant(Map<String, String> gerrit, Map<String, String> zuul) throws IOException {
    this.gerrit = gerrit;
    this.zuul = zuul;
    zuulUrl = zuul.get("ZUUL_URL");
    tenant = zuul.get("ZUUL_TENANT");
    configProject = zuul.get("ZUUL_CONFIG_PROJECT");
    project = zuul.get("ZUUL_PROJECT");
    siteConfig = Path.of(zuul.get("ZUUL_SITE_CONFIG"));
    gerritUrl = gerrit.get("GERRIT_URL");
    String user = gerrit.get("GERRIT_USER");
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    gerritCredentials = new UsernamePasswordCredentialsProvider(user, token);
    gerritAuthorization =
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts Gerrit, MariaDB and Zuul (or finds them running) and lets the admin push straight to both projects' branches
   * (a deployment reviews config-project changes; the tests push as an administrator).
   */
  static RealZuulTenant start() throws Exception {
    // Gerrit and MariaDB first, so that this JVM stops them at exit when it started them (zuul.sh starts them too).
    Map<String, String> gerrit = LocalService.start("gerrit");
    LocalService.start("mariadb");
    RealZuulTenant tenant = new RealZuulTenant(gerrit, LocalService.start("zuul"));
    String admins = tenant.gerritJson("GET", "/a/groups/Administrators", null).path("id").asText();
    for (String name : List.of(tenant.configProject, tenant.project)) {
      tenant.gerritJson("POST", "/a/projects/" + encode(name) + "/access",
          "{\"add\": {\"refs/heads/*\": {\"permissions\": {\"push\": {\"rules\": {\"" + admins
              + "\": {\"action\": \"ALLOW\"}}}, \"create\": {\"rules\": {\"" + admins
              + "\": {\"action\": \"ALLOW\"}}}}}}}");
    }
    return tenant;
  }

  /** The two repositories of the tenant, as files: the config project's and the platforms repository's. */
  record Layout(Path config, Path platforms) {
    /** The file of Lanes' zuul.d named as CheckZuulStepTest names it, wherever it went. */
    Path zuulD(String file) {
      return (file.equals(PLATFORMS_FILE) ? platforms : config).resolve("zuul.d").resolve(file);
    }

    void edit(String file, String from, String to) throws IOException {
      Path path = zuulD(file);
      String text = Files.readString(path);
      assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of %s in %s", from, file).hasSize(2);
      Files.writeString(path, text.replace(from, to));
    }
  }

  /** This repository's zuul.d and playbooks with the site's part, split between the two projects, under WORK. */
  Layout layout(Path work) throws IOException {
    Layout layout = new Layout(work.resolve("config"), work.resolve("platforms"));
    CheckZuulStepTest.copyTree(siteConfig, layout.config);
    CheckZuulStepTest.copyTree(REPOSITORY.resolve("zuul.d"), layout.config.resolve("zuul.d"));
    CheckZuulStepTest.copyTree(REPOSITORY.resolve("playbooks"), layout.config.resolve("playbooks"));
    Files.createDirectories(layout.platforms.resolve("zuul.d"));
    Files.move(layout.config.resolve("zuul.d").resolve(PLATFORMS_FILE),
        layout.platforms.resolve("zuul.d").resolve(PLATFORMS_FILE));
    return layout;
  }

  /**
   * Pushes the layout to main of both projects (with the secrets encrypted for the config project when asked), reloads
   * the tenant and returns zuul-web's config errors once zuul-web serves this layout (a semaphore with a fresh name in
   * the config project marks it: zuul-web loads a new layout a moment after the scheduler).
   */
  List<JsonNode> load(Layout layout, boolean encryptSecrets, Path work) throws Exception {
    String marker = "lanes-test-layout-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(layout.config.resolve("zuul.d/lanes-test-marker.yaml"),
        "# Written by the real-Zuul tests: marks the layout they pushed.\n- semaphore:\n    name: " + marker
            + "\n    max: 1\n");
    if (encryptSecrets) {
      encryptSecrets(layout.config.resolve("zuul.d"));
    }
    push(configProject, "main", layout.config, work);
    push(project, "main", layout.platforms, work);
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

  /**
   * Encrypts every secret value in place with the config project's public key, as zuul-client encrypt does: a value
   * longer than one RSA block (a kubeconfig) becomes a list of chunks, each encrypted on its own, which Zuul decrypts
   * and joins; such a value must already be in list form ({@code - <base64>} on its own line).
   */
  void encryptSecrets(Path zuulD) throws Exception {
    RSAPublicKey key = (RSAPublicKey) projectKey(configProject);
    // OAEP with SHA-1 takes at most the modulus' length less 2 * 20 + 2 bytes
    int chunk = key.getModulus().bitLength() / 8 - 42;
    try (Stream<Path> walk = Files.walk(zuulD)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file);
        Matcher m = ENCRYPTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          byte[] plain = Base64.getDecoder().decode(m.group(2));
          String prefix = m.group(1);
          String separator = prefix.substring(prefix.lastIndexOf('\n') + 1);
          assertThat(plain.length <= chunk || separator.endsWith("- ")).as("a secret longer than %d bytes in %s"
              + " is in list form", chunk, file).isTrue();
          List<String> chunks = new ArrayList<>();
          for (int from = 0; from < plain.length; from += chunk) {
            chunks.add(encrypt(key, Arrays.copyOfRange(plain, from, Math.min(plain.length, from + chunk))));
          }
          m.appendReplacement(out, Matcher.quoteReplacement(prefix + String.join("\n" + separator, chunks)));
        }
        m.appendTail(out);
        Files.writeString(file, out.toString());
      }
    }
  }

  private PublicKey projectKey(String name) throws Exception {
    String pem = zuulText("/api/tenant/" + tenant + "/key/" + encode(name) + ".pub");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** RSA OAEP with SHA-1 and MGF1-SHA-1, Zuul's pkcs1-oaep. */
  private static String encrypt(PublicKey key, byte[] plain) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
  }

  /**
   * Makes BRANCH of the Gerrit project NAME hold exactly the files under DIR (a new commit on top of main, pushed to
   * REF: refs/heads/BRANCH, or refs/for/BRANCH for review); returns the commit's id.
   */
  String push(String name, String ref, Path dir, Path work, String message) throws Exception {
    return push(name, "main", ref, dir, work, message);
  }

  /** As {@link #push(String, String, Path, Path, String)}, the new commit on top of branch BASE. */
  String push(String name, String base, String ref, Path dir, Path work, String message) throws Exception {
    Path clone = Files.createTempDirectory(work, "clone-");
    try (Git git = Git.cloneRepository().setURI(gerritUrl + "/a/" + name).setBranch(base)
        .setCredentialsProvider(gerritCredentials).setDirectory(clone.toFile()).call()) {
      try (Stream<Path> top = Files.list(clone)) {
        for (Path path : top.filter(p -> !p.getFileName().toString().equals(".git")).toList()) {
          deleteTree(path);
        }
      }
      CheckZuulStepTest.copyTree(dir, clone);
      git.add().addFilepattern(".").call();
      git.add().setUpdate(true).addFilepattern(".").call();
      String id = git.commit().setAllowEmpty(true).setMessage(message)
          .setAuthor("Lanes test", "lanes-test@lanes.invalid").setCommitter("Lanes test", "lanes-test@lanes.invalid")
          .call().getName();
      git.push().setRemote("origin").add("HEAD:" + ref).setCredentialsProvider(gerritCredentials).call()
          .forEach(result -> result.getRemoteUpdates().forEach(update -> assertThat(update.getStatus().name())
              .as("push to %s %s: %s", name, ref, update.getMessage()).isEqualTo("OK")));
      return id;
    }
  }

  private void push(String name, String branch, Path dir, Path work) throws Exception {
    push(name, "refs/heads/" + branch, dir, work, "Real-Zuul test layout");
  }

  /**
   * Waits for Zuul's Verified vote (not 0: Zuul sets 0 when check starts) on the change. A change pushed in the
   * seconds after Zuul started can be missed while Zuul connects to Gerrit's event stream: then a "recheck" after a
   * minute without Zuul's first message.
   */
  JsonNode verifiedVote(String change, Duration timeout) throws Exception {
    String user = zuul.get("ZUUL_GERRIT_USER");
    long started = System.nanoTime();
    boolean rechecked = false;
    while (true) {
      JsonNode detail = gerritJson("GET", "/a/changes/" + change + "/detail", null);
      for (JsonNode vote : detail.path("labels").path("Verified").path("all")) {
        if (vote.path("username").asText().equals(user) && vote.path("value").asInt() != 0) {
          return vote;
        }
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - started);
      boolean zuulSpoke = detail.path("messages").findValuesAsText("username").contains(user);
      if (!zuulSpoke && !rechecked && waited.toSeconds() > 60) {
        gerritJson("POST", "/a/changes/" + change + "/revisions/current/review", "{\"message\": \"recheck\"}");
        rechecked = true;
      }
      assertThat(waited).as("Zuul's Verified vote on %s; messages: %s", change, detail.path("messages"))
          .isLessThan(timeout);
      Thread.sleep(2000);
    }
  }

  /** The newest complete build of JOB for the change, from Zuul's builds API. */
  JsonNode build(String change, String job) throws Exception {
    return build(gerritJson("GET", "/a/changes/" + change, null).path("_number").asInt(), job);
  }

  /**
   * The newest complete build of JOB for change NUMBER. By number: right after Zuul submitted a change, Gerrit
   * answered 404 for its project~branch~Change-Id (seen once, while it reindexed the merged change).
   */
  JsonNode build(int number, String job) throws Exception {
    JsonNode builds = zuulGet("/api/tenant/" + tenant + "/builds?change=" + number + "&job_name=" + job
        + "&complete=true");
    assertThat(builds).as("builds of %s for change %s", job, number).isNotEmpty();
    return builds.get(0);
  }

  static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  JsonNode zuulGet(String path) throws Exception {
    return JSON.readTree(zuulText(path));
  }

  /** Runs {@code src/services/zuul.sh VERB ARGS...} and returns its standard output. */
  static String zuulScript(String... verbAndArgs) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", REPOSITORY.resolve("src/services/zuul.sh").toString()));
    command.addAll(List.of(verbAndArgs));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("zuul.sh %s finished", verbAndArgs[0]).isTrue();
    assertThat(process.exitValue()).as("zuul.sh %s", verbAndArgs[0]).isZero();
    return out.strip();
  }

  private String zuulText(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(zuulUrl + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  /** A call to Gerrit's REST API as the admin; the JSON answer without Gerrit's prefix line. */
  JsonNode gerritJson(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gerritUrl + path))
        .header("Authorization", gerritAuthorization)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
    String text = response.body();
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text.substring(text.indexOf('\n') + 1));
  }

  static String encode(String name) {
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
