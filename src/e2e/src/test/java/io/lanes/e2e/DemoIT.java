package io.lanes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
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
  private final Path root = Path.of("../..").toAbsolutePath().normalize();
  private final Path services = Path.of("target/services").toAbsolutePath();
  private final Path summaryFile = Path.of("target/demo-summary.json").toAbsolutePath();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private int exitCode;
  private String output;
  private JsonNode summary;
  private Map<String, String> gerrit;

  @BeforeAll
  void runTheDemo() throws Exception {
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
    Process process = demo.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    exitCode = process.exitValue();
    output = Files.readString(log);
    summary = Files.exists(summaryFile) ? JSON.readTree(summaryFile.toFile()) : null;
    gerrit = facts("gerrit");
  }

  @AfterAll
  void stopServices() throws Exception {
    for (String service : new String[] {"gerrit"}) {
      ProcessBuilder stop = new ProcessBuilder("bash", root.resolve("src/services/" + service + ".sh").toString(), "stop")
          .inheritIO();
      stop.environment().put("LANES_SERVICES_DIR", services.toString());
      stop.start().waitFor(1, TimeUnit.MINUTES);
    }
  }

  @Test
  @DisplayName("the demo succeeds, shows every stage and writes its summary")
  void demoSucceeds() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains(
            "== gerrit: ", "== project: ", "== review: ", "== guard: ", "== resolve: ", "== submit: ", "== summary: ");
    assertThat(summary).isNotNull();
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
  }

  @Test
  @DisplayName("resolve named the namespace the plugin's map gives the change's branch")
  void resolveMatchesThePlugin() throws Exception {
    JsonNode map = get("/a/projects/openedx%2Fplatforms/lanes~platforms");

    assertThat(summary.path("namespace").asText())
        .isEqualTo(map.path("platforms").path("acme").path("namespace").asText());
  }

  @Test
  @DisplayName("no secret reaches the demo's output")
  void tokenNeverPrinted() throws Exception {
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();

    assertThat(token).isNotEmpty();
    assertThat(output).doesNotContain(token);
    assertThat(Files.readString(summaryFile)).doesNotContain(token);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    String basic = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(gerrit.get("GERRIT_URL") + path))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body().substring(response.body().indexOf('\n') + 1));
  }

  private Map<String, String> facts(String service) throws IOException, InterruptedException {
    ProcessBuilder env = new ProcessBuilder("bash", root.resolve("src/services/" + service + ".sh").toString(), "env");
    env.environment().put("LANES_SERVICES_DIR", services.toString());
    Process process = env.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(1, TimeUnit.MINUTES);
    Map<String, String> facts = new LinkedHashMap<>();
    stdout.lines().filter(l -> l.contains("=")).forEach(l -> facts.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return facts;
  }
}
