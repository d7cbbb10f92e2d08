package io.lanes.steps.registryconfig;

import io.lanes.steps.StepException;
import io.lanes.steps.openstack.CloudCredentials;
import io.lanes.steps.openstack.CloudCredentials.AuthVersion;
import io.lanes.steps.openstack.Keystone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Checks Swift credentials and the registry's container over the Swift and Keystone APIs, starting nothing: auth
 * (tempauth v1, or Keystone v3 through {@link Keystone#token} with the object-store endpoint from the catalog), then
 * a {@code HEAD} of the container. Every failure says exactly what is wrong, never the password.
 */
public final class SwiftCheck {
  private final HttpClient http;
  private final Duration timeout;

  public SwiftCheck(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** An account's storage URL and a token for it. */
  public record Session(String storageUrl, String token) {}

  /** What the check found. */
  public record Report(String storageUrl, String container, long objects, long bytes) {}

  /** Authenticates and checks the container; a failure is a {@link StepException} naming what is wrong. */
  public Report check(CloudCredentials credentials, String container) {
    Session session = credentials.authVersion() == AuthVersion.KEYSTONE_V3 ? keystone(credentials) : tempauth(credentials);
    HttpResponse<Void> head =
        send(HttpRequest.newBuilder(URI.create(session.storageUrl() + "/" + container))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("X-Auth-Token", session.token()),
            credentials, "Swift");
    return switch (head.statusCode()) {
      case 200, 204 ->
          new Report(
              session.storageUrl(), container,
              head.headers().firstValueAsLong("X-Container-Object-Count").orElse(0),
              head.headers().firstValueAsLong("X-Container-Bytes-Used").orElse(0));
      case 404 -> throw StepException.failure(
          "container " + container + " does not exist in " + session.storageUrl()
              + " (create it: openstack container create " + container + ")", null);
      case 401, 403 -> throw StepException.failure(
          credentials.login().who() + " may not read container " + container + " in " + session.storageUrl()
              + " (HTTP " + head.statusCode() + ")", null);
      default -> throw StepException.failure(
          "HEAD " + session.storageUrl() + "/" + container + ": HTTP " + head.statusCode(), null);
    };
  }

  private Session tempauth(CloudCredentials credentials) {
    CloudCredentials.Password login = credentials.password("Swift's tempauth");
    HttpResponse<Void> response =
        send(HttpRequest.newBuilder(URI.create(credentials.authUrl()))
                .header("X-Auth-User", login.username())
                .header("X-Auth-Key", login.password())
                .GET(),
            credentials, "Swift auth");
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw StepException.failure(
          "Swift auth failed: " + credentials.authUrl() + " rejected user " + login.username() + " (HTTP "
              + response.statusCode() + "): check the password in " + credentials.source(), null);
    }
    if (response.statusCode() / 100 != 2) {
      throw StepException.failure(
          "Swift auth failed: " + credentials.authUrl() + " answered HTTP " + response.statusCode(), null);
    }
    String storage = response.headers().firstValue("X-Storage-Url").orElse(null);
    String token = response.headers().firstValue("X-Auth-Token").orElse(null);
    if (storage == null || token == null) {
      throw StepException.failure(
          "Swift auth failed: " + credentials.authUrl() + " gave no X-Storage-Url/X-Auth-Token (not a v1 auth URL?)",
          null);
    }
    return new Session(storage, token);
  }

  private Session keystone(CloudCredentials credentials) {
    Keystone.Session session;
    try {
      session = Keystone.token(credentials);
    } catch (Keystone.Refusal e) {
      URI tokens = URI.create(Keystone.v3(credentials.authUrl()) + "/auth/tokens");
      if (e.unreachable()) {
        throw StepException.failure(
            "Keystone " + tokens.getScheme() + "://" + tokens.getAuthority() + " unreachable: " + e.getMessage(), e);
      }
      Optional<List<String>> projects = e.status() == 401 ? Keystone.projectsOfUser(credentials) : Optional.empty();
      if (projects.isPresent()) {
        String user = credentials.password("Keystone").username();
        String project = credentials.project().orElseThrow().toString();
        throw StepException.failure(
            "Keystone auth failed: user " + user + " logs in at " + credentials.authUrl()
                + " but has no role on project " + project + " (its projects: "
                + (projects.get().isEmpty() ? "none" : String.join(", ", projects.get())) + "): give it one"
                + " (openstack role add --user " + user + " --project " + project + " member) or name another", null);
      }
      if (e.status() == 401) {
        throw StepException.failure(
            "Keystone auth failed: " + credentials.authUrl() + " rejected " + credentials.login().who()
                + credentials.project().map(p -> " in project " + p).orElse("") + " (HTTP 401): check the "
                + (credentials.login() instanceof CloudCredentials.Password ? "password and domains" : "secret")
                + " in " + credentials.source(), null);
      }
      throw StepException.failure("Keystone auth failed: POST " + tokens + " answered HTTP " + e.status(), null);
    }
    return session.find("object-store")
        .map(url -> new Session(url, session.token()))
        .orElseThrow(() -> StepException.failure(
            "Keystone " + credentials.authUrl() + ": the catalog has no " + credentials.endpointInterface()
                + " object-store endpoint" + credentials.region().map(r -> " in region " + r).orElse(""), null));
  }

  private HttpResponse<Void> send(HttpRequest.Builder request, CloudCredentials credentials, String what) {
    HttpRequest built = request.timeout(timeout).build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw unreachable(built.uri(), what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure(what + " check interrupted", e);
    }
  }

  private static StepException unreachable(URI uri, String what, IOException e) {
    String reason =
        e instanceof java.net.ConnectException ? "connection refused"
            : e instanceof java.net.http.HttpTimeoutException ? "no answer in time"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return StepException.failure(what + " " + uri.getScheme() + "://" + uri.getAuthority() + " unreachable: " + reason, e);
  }
}
