package io.lanes.steps.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The Lanes plugin's results endpoints on a Gerrit server, as a service user in the plugin's reporting group with
 * an HTTP password (or token): {@code POST /a/changes/{project}~{change}/revisions/{patchset}/lanes~results} for a
 * change's stage, {@code POST /a/projects/{project}/lanes~platform-results} for a platform's. Each refusal is one
 * line naming what to fix; the password is in no message.
 */
final class GerritResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI server;
  private final String user;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  GerritResults(URI server, String user, String password, Duration timeout) {
    this.server = server;
    this.user = user;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Reports a change's stage for its patch set. */
  void report(String project, int change, int patchset, StageReport report) {
    post("/a/changes/" + encode(project) + "~" + change + "/revisions/" + patchset + "/lanes~results", report,
        "change " + change + " patch set " + patchset + " of " + project);
  }

  /** Reports a platform's stage (its backup or drill). */
  void reportPlatform(String project, StageReport report) {
    post("/a/projects/" + encode(project) + "/lanes~platform-results", report,
        "platform " + report.platform().orElseThrow() + " of " + project);
  }

  private void post(String path, StageReport report, String what) {
    String body;
    try {
      body = JSON.writeValueAsString(report.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    URI uri = URI.create(server.toString().replaceAll("/+$", "") + path);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", authorization)
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw StepException.failure("Gerrit at " + server + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw StepException.failure("cannot reach Gerrit at " + server + ": connection refused", e);
    } catch (IOException e) {
      throw StepException.failure("cannot reach Gerrit at " + server + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while reporting to Gerrit", e);
    }
    String answer = answer(response.body());
    switch (response.statusCode()) {
      case 200, 201 -> { }
      case 401 -> throw StepException.configuration(
          "Gerrit at " + server + " refused user " + user + " (HTTP 401): check the user's HTTP password or token");
      case 403 -> throw StepException.configuration("Gerrit at " + server + " refused user " + user + ": " + answer);
      case 404 -> throw StepException.configuration(
          "Gerrit at " + server + ": " + what + " not found (HTTP 404)" + (answer.isEmpty() ? "" : ": " + answer)
              + "; is the lanes plugin installed?");
      case 400, 409 -> throw StepException.configuration(
          "Gerrit at " + server + " refused the " + report.stage() + " report for " + what + ": " + answer);
      default -> throw StepException.failure(
          "Gerrit at " + server + " answered HTTP " + response.statusCode() + " to the " + report.stage() + " report"
              + (answer.isEmpty() ? "" : ": " + answer), null);
    }
  }

  /** Gerrit's plain-text answer on one line, short. */
  private static String answer(String body) {
    String text = body == null ? "" : body.strip().replace('\n', ' ');
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  private static String encode(String project) {
    return URLEncoder.encode(project, StandardCharsets.UTF_8);
  }
}
