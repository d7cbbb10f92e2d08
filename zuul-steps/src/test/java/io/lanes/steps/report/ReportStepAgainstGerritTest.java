package io.lanes.steps.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.GerritProject;
import io.lanes.steps.testing.LocalService;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zuul-steps report} against the real Gerrit of {@code src/services/gerrit.sh} with the Lanes plugin: what it
 * posts is what the plugin's Checks tab reads back ({@code lanes~results}) and the Lanes page shows ({@code
 * lanes~overview}).
 */
@DisplayName("report against the real Gerrit with the Lanes plugin (gerrit.sh)")
class ReportStepAgainstGerritTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String CANARY = "canary-gerrit-token-5f1e";

  @TempDir static Path work;

  private static String url;
  private static String admin;
  private static String project;
  private static int change;
  private static Map<String, String> env;

  @BeforeAll
  static void setUp() throws Exception {
    Map<String, String> gerrit = LocalService.start("gerrit");
    url = gerrit.get("GERRIT_URL");
    String token = Files.readString(Path.of(gerrit.get("GERRIT_TOKEN_FILE"))).strip();
    admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
    project = "lanes-report-" + UUID.randomUUID().toString().substring(0, 8);
    gerrit("PUT", "/a/projects/" + project, "{\"create_empty_commit\": true}");
    Path map = work.resolve("lanes.config");
    Files.writeString(map, """
        [platform "acme"]
        \tbranch = platform/acme
        \tnamespace = openedx-acme
        \tcluster = prod
        \tregistry = localhost:5000
        [cluster "prod"]
        \tserver = https://10.0.0.10:6443
        """);
    new GerritProject(url, "admin", token, project).pushPlatformMap(map, work);
    UsernamePasswordCredentialsProvider credentials = new UsernamePasswordCredentialsProvider("admin", token);
    Path clone = work.resolve("clone");
    try (Git git = Git.init().setDirectory(clone.toFile()).call()) {
      git.fetch().setRemote(url + "/a/" + project).setCredentialsProvider(credentials)
          .setRefSpecs(new RefSpec("refs/heads/master:refs/remotes/origin/master")).call();
      gerrit("PUT", "/a/projects/" + project + "/branches/" + encode("platform/acme"), "{\"revision\": \"master\"}");
      git.checkout().setName("origin/master").call();
      Files.writeString(clone.resolve("README"), "acme\n");
      git.add().addFilepattern("README").call();
      git.commit().setMessage("Explain acme\n\nChange-Id: I" + "1234567890abcdef1234567890abcdef12345678".substring(0, 40))
          .setAuthor("Lanes test", "lanes-test@lanes.invalid").setCommitter("Lanes test", "lanes-test@lanes.invalid")
          .call();
      GerritProject.pushed(git.push().setRemote(url + "/a/" + project).setCredentialsProvider(credentials)
          .add("HEAD:refs/for/platform/acme").call(), "the change");
    }
    change = gerrit("GET", "/a/changes/?q=project:" + project, null).get(0).path("_number").asInt();
    env = new HashMap<>();
    env.put("REPORTER", user("lanes-reporter", "[\"Service Users\"]"));
    env.put("REPORTER_TOKEN", token("lanes-reporter"));
    env.put("OUTSIDER", user("lanes-outsider", "[]"));
    env.put("OUTSIDER_TOKEN", token("lanes-outsider"));
    env.put("WRONG_TOKEN", CANARY);
  }

  private static String user(String name, String groups) throws Exception {
    HttpResponse<String> existing = send("GET", "/a/accounts/" + name, null);
    if (existing.statusCode() == 404) {
      gerrit("PUT", "/a/accounts/" + name, "{\"name\": \"" + name + "\", \"groups\": " + groups + "}");
    }
    return name;
  }

  private static String token(String name) throws Exception {
    send("DELETE", "/a/accounts/" + name + "/tokens/report-test", null);
    return gerrit("PUT", "/a/accounts/" + name + "/tokens/report-test", "{}").path("token").asText();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", admin)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode gerrit(String method, String path, String body) throws Exception {
    HttpResponse<String> response = send(method, path, body);
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
    String text = response.body();
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text.substring(text.indexOf('\n') + 1));
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static Path zuulVars(String extra) throws Exception {
    Path file = Files.createTempFile(work, "zuul-", ".json");
    Files.writeString(file, "{\"zuul\": {\"branch\": \"platform/acme\", \"project\": {\"name\": \"" + project
        + "\", \"canonical_name\": \"gerrit.example.org/" + project + "\"}" + extra + "}}");
    return file;
  }

  private static Path result(String json) throws Exception {
    Path file = Files.createTempFile(work, "result-", ".json");
    Files.writeString(file, json);
    return file;
  }

  private static StepRun report(String userVar, String tokenVar, Path zuulVars, String... more) {
    List<String> args = new ArrayList<>(List.of("report", "--gerrit-url", url, "--gerrit-username-env", userVar,
        "--gerrit-password-env", tokenVar, "--zuul-vars", zuulVars.toString()));
    args.addAll(List.of(more));
    return StepRun.withEnvironment(env, args.toArray(String[]::new));
  }

  @Test
  @DisplayName("a render result becomes the change's 'render' stage, as the Checks tab reads it back")
  void renderReachesTheChecksTab() throws Exception {
    Path render = result("""
        {"lanes": {"render": {"platform": "acme", "namespace": "openedx-acme", "revision": "r", "image_tag": "t",
         "objects": 3, "compared": true, "counts": {"added": 1, "unchanged": 2},
         "changes": [{"change": "added", "object": "ConfigMap/acme-theme"}]}}}
        """);

    StepRun run = report("REPORTER", "REPORTER_TOKEN",
        zuulVars(", \"change\": \"" + change + "\", \"patchset\": \"1\""), "--from", render.toString(),
        "--url", "https://zuul.example.org/t/lanes/build/1/preview.md");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("report: render PASSED for change " + change + " patch set 1: 1 added, 2 unchanged"
        + " in openedx-acme");
    JsonNode stages = gerrit("GET", "/a/changes/" + project + "~" + change + "/revisions/1/lanes~results", null);
    assertThat(stages.path("render").path("summary").asText()).isEqualTo("1 added, 2 unchanged in openedx-acme");
    assertThat(stages.path("render").path("items").get(0).asText()).isEqualTo("ConfigMap/acme-theme added");
    assertThat(stages.path("render").path("url").asText()).isEqualTo("https://zuul.example.org/t/lanes/build/1/preview.md");
    assertThat(stages.path("render").path("reported_by").asText()).contains("lanes-reporter");
  }

  @Test
  @DisplayName("a failed step is reported with --failed; a drill is the platform's and shows on the Lanes page")
  void failedStageAndPlatformDrill() throws Exception {
    StepRun failed = report("REPORTER", "REPORTER_TOKEN",
        zuulVars(", \"change\": \"" + change + "\", \"patchset\": \"1\""), "--failed", "images", "--summary",
        "build-image failed: see the build's log");
    Path drill = result("""
        {"lanes": {"drill": {"platform": "acme", "backup": "20261205T013000Z", "passed": true, "rto_seconds": 12.0,
         "rpo_seconds": 60, "rpo_limit_seconds": 93600, "mismatches": []}}}
        """);
    StepRun periodic = report("REPORTER", "REPORTER_TOKEN", zuulVars(""), "--from", drill.toString());

    assertThat(failed.exitCode()).as(failed.err()).isZero();
    JsonNode stages = gerrit("GET", "/a/changes/" + project + "~" + change + "/revisions/1/lanes~results", null);
    assertThat(stages.path("images").path("status").asText()).isEqualTo("FAILED");
    assertThat(periodic.exitCode()).as(periodic.err()).isZero();
    JsonNode overview = gerrit("GET", "/a/projects/" + project + "/lanes~overview", null);
    assertThat(overview.toString()).contains("restored backup 20261205T013000Z: RTO 12.0 s, RPO 60 s (limit 93600 s)");
  }

  @Test
  @DisplayName("refusals are one line each, exit 2, and never show the password")
  void refusals() throws Exception {
    Path images = result("{\"lanes\": {\"images\": []}}");
    Path onChange = zuulVars(", \"change\": \"" + change + "\", \"patchset\": \"1\"");

    StepRun outsider = report("OUTSIDER", "OUTSIDER_TOKEN", onChange, "--from", images.toString());
    StepRun wrongPassword = report("REPORTER", "WRONG_TOKEN", onChange, "--from", images.toString());
    StepRun noChange = report("REPORTER", "REPORTER_TOKEN", zuulVars(""), "--from", images.toString());
    StepRun unset = report("REPORTER", "NOT_SET", onChange, "--from", images.toString());

    assertThat(outsider.exitCode()).isEqualTo(2);
    assertThat(outsider.err()).isEqualTo("Gerrit at " + url + " refused user lanes-outsider: lanes: only members of"
        + " Service Users report stage results (plugin.lanes.reportingGroup)\n");
    assertThat(wrongPassword.exitCode()).isEqualTo(2);
    assertThat(wrongPassword.err()).isEqualTo("Gerrit at " + url + " refused user lanes-reporter (HTTP 401): check the"
        + " user's HTTP password or token\n").doesNotContain(CANARY);
    assertThat(noChange.exitCode()).isEqualTo(2);
    assertThat(noChange.err()).endsWith(": zuul.change: missing: a images report belongs to a change's patch set\n");
    assertThat(unset.exitCode()).isEqualTo(2);
    assertThat(unset.err()).isEqualTo("--gerrit-password-env NOT_SET: the environment variable is not set (it holds the Gerrit user's HTTP password or token)\n");
  }

  @Test
  @DisplayName("an unreachable Gerrit is a failure (exit 1) naming it")
  void unreachable() throws Exception {
    Path images = result("{\"lanes\": {\"images\": []}}");

    StepRun run = StepRun.withEnvironment(env, "report", "--gerrit-url", "http://127.0.0.1:9", "--gerrit-username-env",
        "REPORTER", "--gerrit-password-env", "REPORTER_TOKEN", "--zuul-vars",
        zuulVars(", \"change\": \"" + change + "\", \"patchset\": \"1\"").toString(), "--from", images.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("cannot reach Gerrit at http://127.0.0.1:9: connection refused\n");
  }
}
