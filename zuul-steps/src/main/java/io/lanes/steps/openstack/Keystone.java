package io.lanes.steps.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lanes.steps.StepException;
import io.lanes.steps.openstack.CloudCredentials.ApplicationCredential;
import io.lanes.steps.openstack.CloudCredentials.NameOrId;
import io.lanes.steps.openstack.CloudCredentials.Password;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keystone v3's {@code POST /v3/auth/tokens}: a token and the endpoints of its service catalog, for a user's password
 * (scoped to the credentials' project) or an application credential (scoped to its own project). Spoken over the
 * JDK's HTTP client: openstack4j 3.12, used before, cannot log in with an application credential.
 */
public final class Keystone {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Keystone() {}

  /** One endpoint of a catalog service: its interface ({@code public}, ...), region (name and id) and URL. */
  public record Endpoint(String iface, String region, String regionId, String url) {}

  /** One service of the catalog: its type ({@code object-store}, {@code container-infra}, ...) and endpoints. */
  public record Service(String type, List<Endpoint> endpoints) {}

  /** A token and the catalog that came with it. */
  public record Session(String token, List<Service> catalog, CloudCredentials credentials) {
    /**
     * The URL of the service of {@code type} for the credentials' interface and region, or a configuration error
     * naming the cloud and listing the catalog's service types.
     */
    public URI endpoint(String type) {
      Optional<Service> service = catalog.stream().filter(s -> type.equals(s.type())).findFirst();
      if (service.isEmpty()) {
        throw StepException.configuration(
            credentials.source() + ": the service catalog has no " + type + " service (it has: "
                + String.join(", ", catalog.stream().map(Service::type).sorted().toList()) + ")");
      }
      return find(service.get(), credentials)
          .map(URI::create)
          .orElseThrow(
              () ->
                  StepException.configuration(
                      credentials.source() + ": the " + type + " service has no " + credentials.endpointInterface()
                          + " endpoint" + credentials.region().map(r -> " in region " + r).orElse("")));
    }

    /** The URL of the first service of {@code type} with an endpoint for the credentials' interface and region. */
    public Optional<String> find(String type) {
      return catalog.stream().filter(s -> type.equals(s.type())).map(s -> find(s, credentials))
          .flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> find(Service service, CloudCredentials credentials) {
      return service.endpoints().stream()
          .filter(e -> credentials.endpointInterface().equalsIgnoreCase(e.iface()))
          .filter(e -> credentials.region().map(r -> r.equals(e.region()) || r.equals(e.regionId())).orElse(true))
          .map(Endpoint::url)
          .findFirst();
    }

    @Override
    public String toString() {
      return "Session[" + credentials + ", token hidden]";
    }
  }

  /**
   * Why Keystone gave no token, for a caller that words its own message (see {@link #token}).
   *
   * @param status Keystone's HTTP status, or 0 when it could not be reached
   */
  public static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    Refusal(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** Keystone's HTTP status (401: the password or names were refused), or 0 when it could not be reached. */
    public int status() {
      return status;
    }

    /** Whether Keystone could not be reached at all. */
    public boolean unreachable() {
      return status == 0;
    }
  }

  /**
   * Authenticates for the cluster step. Refused credentials are a configuration error (exit 2); an unreachable or
   * failing Keystone is a failure (exit 1). Neither message carries a secret.
   */
  public static Session authenticate(CloudCredentials credentials) {
    if (credentials.authVersion() != CloudCredentials.AuthVersion.KEYSTONE_V3) {
      throw StepException.configuration(
          credentials.source() + ": " + credentials.authUrl() + " is a tempauth v1 URL; Keystone v3 is needed here");
    }
    String endpoint = v3(credentials.authUrl());
    try {
      return token(credentials);
    } catch (Refusal e) {
      if (e.unreachable()) {
        throw StepException.failure(
            "keystone " + endpoint + ": unreachable (" + credentials.source() + "): " + e.getMessage(), e.getCause());
      }
      if (e.status() == 401) {
        throw StepException.configuration(
            "keystone " + endpoint + ": 401 Unauthorized for " + credentials.login().who()
                + credentials.project().map(p -> " in project " + p).orElse("") + ": check the credentials of "
                + credentials.source(),
            e.getCause());
      }
      throw StepException.failure(
          "keystone " + endpoint + ": authentication failed (" + e.status() + "): " + e.getMessage(), e.getCause());
    }
  }

  /**
   * The one {@code POST /v3/auth/tokens} of the steps: a token for the credentials (Keystone v3) and its catalog; a
   * {@link Refusal} when Keystone refused or could not be asked, for the caller to word.
   */
  public static Session token(CloudCredentials credentials) {
    ObjectNode auth = JSON.createObjectNode();
    ObjectNode identity = auth.putObject("identity");
    switch (credentials.login()) {
      case Password password -> {
        identity.putArray("methods").add("password");
        identity.putObject("password").set("user", user(password));
        ObjectNode project = auth.putObject("scope").putObject("project");
        nameOrId(project, credentials.project().orElseThrow());
        nameOrId(project.putObject("domain"), credentials.projectDomain());
      }
      case ApplicationCredential credential -> {
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential").put("id", credential.id()).put("secret", credential.secret());
      }
    }
    HttpResponse<String> response = post(credentials, auth);
    if (response.statusCode() != 201) {
      throw new Refusal(response.statusCode(), errorMessage(response), null);
    }
    String token = response.headers().firstValue("X-Subject-Token")
        .orElseThrow(() -> new Refusal(response.statusCode(), "no X-Subject-Token in Keystone's answer", null));
    return new Session(token, catalog(response.body()), credentials);
  }

  /**
   * The projects a password's user has a role on, when Keystone lets it log in without a project (an unscoped token,
   * then {@code GET /v3/auth/projects}): how a refused scoped login is told apart from a wrong password, and the
   * projects named in the message. Empty when the user cannot log in at all, or logs in with something else.
   */
  public static Optional<List<String>> projectsOfUser(CloudCredentials credentials) {
    if (!(credentials.login() instanceof Password password)) {
      return Optional.empty();
    }
    ObjectNode auth = JSON.createObjectNode();
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    identity.putObject("password").set("user", user(password));
    try {
      HttpResponse<String> login = post(credentials, auth);
      Optional<String> token = login.headers().firstValue("X-Subject-Token");
      if (login.statusCode() != 201 || token.isEmpty()) {
        return Optional.empty();
      }
      try (HttpClient http =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()) {
        HttpResponse<String> projects =
            http.send(
                HttpRequest.newBuilder(URI.create(v3(credentials.authUrl()) + "/auth/projects"))
                    .timeout(TIMEOUT)
                    .header("X-Auth-Token", token.get())
                    .header("Accept", "application/json")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (projects.statusCode() != 200) {
          return Optional.of(List.of());
        }
        List<String> names = new ArrayList<>();
        JSON.readTree(projects.body()).path("projects").forEach(p -> names.add(p.path("name").asText()));
        return Optional.of(names.stream().sorted().toList());
      }
    } catch (Refusal | IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }


  /** Keystone's v3 URL: the auth URL with {@code /v3} appended unless it ends with it. */
  public static String v3(String authUrl) {
    String trimmed = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
    return trimmed.endsWith("/v3") ? trimmed : trimmed + "/v3";
  }

  private static ObjectNode user(Password password) {
    ObjectNode user = JSON.createObjectNode();
    user.put("name", password.username());
    user.put("password", password.password());
    nameOrId(user.putObject("domain"), password.userDomain());
    return user;
  }

  private static HttpResponse<String> post(CloudCredentials credentials, ObjectNode auth) {
    ObjectNode body = JSON.createObjectNode();
    body.set("auth", auth);
    URI tokens = URI.create(v3(credentials.authUrl()) + "/auth/tokens");
    // A client for this one request: a pooled connection that Keystone's server closed while idle would make the
    // next login fail with "header parser received no bytes", and a step logs in once.
    try (HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(tokens)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      String reason =
          e instanceof java.net.ConnectException ? "connection refused"
              : e instanceof java.net.http.HttpTimeoutException ? "no answer in " + TIMEOUT.toSeconds() + " s"
              : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Refusal(0, reason, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refusal(0, "interrupted", e);
    }
  }

  /** Keystone's own error message ({@code error.message}), else the HTTP status. */
  private static String errorMessage(HttpResponse<String> response) {
    try {
      String message = JSON.readTree(response.body()).path("error").path("message").asText("");
      return message.isEmpty() ? "HTTP " + response.statusCode() : message;
    } catch (IOException e) {
      return "HTTP " + response.statusCode();
    }
  }

  private static List<Service> catalog(String body) {
    JsonNode token;
    try {
      token = JSON.readTree(body).path("token");
    } catch (IOException e) {
      throw new Refusal(201, "Keystone's token is not JSON", e);
    }
    List<Service> services = new ArrayList<>();
    for (JsonNode service : token.path("catalog")) {
      List<Endpoint> endpoints = new ArrayList<>();
      for (JsonNode endpoint : service.path("endpoints")) {
        endpoints.add(new Endpoint(endpoint.path("interface").asText(""), endpoint.path("region").asText(null),
            endpoint.path("region_id").asText(null), endpoint.path("url").asText("")));
      }
      services.add(new Service(service.path("type").asText(""), List.copyOf(endpoints)));
    }
    return List.copyOf(services);
  }

  private static void nameOrId(ObjectNode node, NameOrId nameOrId) {
    node.put(nameOrId.isId() ? "id" : "name", nameOrId.value());
  }
}
