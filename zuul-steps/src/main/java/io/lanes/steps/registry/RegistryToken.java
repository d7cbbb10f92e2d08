package io.lanes.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Docker registry token flow's token request: {@code GET <realm>?service=...&scope=...} with HTTP Basic
 * credentials (or none, for anonymous access), answered with {@code {"token": ...}} or {@code {"access_token": ...}}.
 * The token and the password are never part of a message.
 */
final class RegistryToken {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryToken() {}

  /** A token for {@code scopes} from the realm of {@code challenge}, or a one-line {@link RegistryException}. */
  static String fetch(
      HttpClient http,
      Duration timeout,
      BearerChallenge challenge,
      List<String> scopes,
      Optional<RegistryCredentials> credentials,
      URI registry) {
    StringBuilder query = new StringBuilder();
    challenge.service().ifPresent(service -> query.append("&service=").append(encode(service)));
    scopes.forEach(scope -> query.append("&scope=").append(encode(scope)));
    String realm = challenge.realm();
    URI uri;
    try {
      uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query.substring(1)));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          "registry " + registry + " names a token realm that is not a URL: " + realm, 401, e);
    }
    if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
      throw new RegistryException("registry " + registry + " names a token realm that is not HTTP: " + realm, 401, null);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    credentials.ifPresent(c -> request.header("Authorization", c.basic()));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryException(
          "token server " + realm + " of registry " + registry + " unreachable: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("token server " + realm + ": interrupted", 0, e);
    }
    if ((response.statusCode() == 401 || response.statusCode() == 403) && credentials.isEmpty()) {
      throw new RegistryException(
          "registry " + registry + " asks for authentication (Bearer; its token server " + realm + " refused"
              + " anonymous access): give --registry-username-env and --registry-password-env",
          401, null);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new RegistryException(
          "token server " + realm + " of registry " + registry + " refused the credentials of "
              + credentials.map(c -> "user " + c.username()).orElse("anonymous access") + " (" + response.statusCode()
              + "): check the registry secret",
          401, null);
    }
    if (response.statusCode() != 200) {
      throw new RegistryException(
          "token server " + realm + " of registry " + registry + " answered HTTP " + response.statusCode(),
          response.statusCode(), null);
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw new RegistryException(
            "token server " + realm + " of registry " + registry + " answered without a token", 200, null);
      }
      return token;
    } catch (IOException e) {
      throw new RegistryException(
          "token server " + realm + " of registry " + registry + " answered something that is not JSON", 200, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
