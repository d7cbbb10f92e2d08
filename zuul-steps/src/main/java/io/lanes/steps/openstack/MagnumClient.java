package io.lanes.steps.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thin client of Magnum's v1 API (container-infra): cluster templates, clusters and certificates. Java's
 * HttpClient and Jackson rather than openstack4j, whose Magnum model (3.12) has no {@code status_reason} nor
 * {@code api_address} on clusters and sends the certificate API the retired {@code bay_uuid}.
 *
 * <p>Every error names the method, the path, Magnum's status and its message, and is a failure (exit 1).
 */
public final class MagnumClient {
  /** The catalog type of Magnum. */
  public static final String SERVICE_TYPE = "container-infra";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final Duration requestTimeout;

  /**
   * A client of the Magnum at {@code endpoint} (from the catalog, with or without {@code /v1}).
   *
   * @param requestTimeout how long one request may take
   */
  public MagnumClient(URI endpoint, String token, Duration requestTimeout) {
    String url = endpoint.toString().replaceAll("/+$", "");
    this.base = URI.create(url.endsWith("/v1") ? url : url + "/v1");
    this.token = token;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(requestTimeout)
            .build();
  }

  /** A client for the Magnum of a Keystone session's catalog. */
  public static MagnumClient of(Keystone.Session session, Duration requestTimeout) {
    return new MagnumClient(session.endpoint(SERVICE_TYPE), session.token(), requestTimeout);
  }

  /** The template of that name or uuid; empty when Magnum has none (404). */
  public Optional<MagnumTemplate> findTemplate(String ident) {
    return send("GET", "/clustertemplates/" + encode(ident), null, true).map(MagnumTemplate::of);
  }

  /** Creates a template from Magnum's request body ({@code POST /v1/clustertemplates}). */
  public MagnumTemplate createTemplate(Map<String, Object> body) {
    return MagnumTemplate.of(send("POST", "/clustertemplates", body, false).orElseThrow());
  }

  /** The cluster of that name or uuid; empty when Magnum has none (404). */
  public Optional<MagnumCluster> findCluster(String ident) {
    return send("GET", "/clusters/" + encode(ident), null, true).map(MagnumCluster::of);
  }

  /** Asks Magnum to create a cluster ({@code POST /v1/clusters}); returns its uuid. */
  public String createCluster(Map<String, Object> body) {
    return send("POST", "/clusters", body, false).orElseThrow().path("uuid").asText();
  }

  /** Asks Magnum to change a cluster's worker count ({@code PATCH /v1/clusters/{uuid}}, a JSON patch). */
  public void resizeCluster(String uuid, int nodeCount) {
    send(
        "PATCH",
        "/clusters/" + encode(uuid),
        List.of(Map.of("op", "replace", "path", "/node_count", "value", nodeCount)),
        false);
  }

  /** The cluster's CA certificate, PEM ({@code GET /v1/certificates/{cluster_uuid}}). */
  public String caCertificate(String clusterUuid) {
    return pem(send("GET", "/certificates/" + encode(clusterUuid), null, false).orElseThrow(), "GET /certificates");
  }

  /** Has the cluster's CA sign a CSR; returns the certificate, PEM ({@code POST /v1/certificates}). */
  public String signCertificate(String clusterUuid, String csrPem) {
    return pem(
        send("POST", "/certificates", Map.of("cluster_uuid", clusterUuid, "csr", csrPem), false).orElseThrow(),
        "POST /certificates");
  }

  private Optional<JsonNode> send(String method, String path, Object body, boolean notFoundIsEmpty) {
    String what = "magnum: " + method + " " + base.getPath() + path;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(requestTimeout)
            .header("X-Auth-Token", token)
            .header("Accept", "application/json")
            .header("User-Agent", "lanes-zuul-steps");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status == 404 && notFoundIsEmpty) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw StepException.failure(what + ": " + status + " " + errorMessage(response.body()), null);
      }
      String text = response.body();
      return Optional.of(text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
    } catch (HttpTimeoutException e) {
      throw StepException.failure(what + ": no answer within " + requestTimeout.toSeconds() + "s", e);
    } catch (ConnectException e) {
      throw StepException.failure(what + ": unreachable (" + base.getAuthority() + ")", e);
    } catch (JsonProcessingException e) {
      throw StepException.failure(what + ": the answer is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw StepException.failure(what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure(what + ": interrupted", e);
    }
  }

  /**
   * Magnum's error document: {@code {"errors": [{"title", "detail", ...}]}} (a real magnum-api 22 repeats the message
   * in both, as in {@code "title": "Cluster type (vm, None, kubernetes) not supported", "detail": "Cluster type (vm,
   * None, kubernetes) not supported."}); older releases: {@code faultstring}.
   */
  static String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body == null ? "" : body);
      if (json != null) {
        JsonNode first = json.path("errors").path(0);
        if (!first.isMissingNode()) {
          String title = first.path("title").asText("").strip();
          String detail = first.path("detail").asText("").strip();
          // Magnum's own errors repeat the message as title and detail (the detail with a full stop): say it once.
          if (detail.isEmpty() || detail.startsWith(title) && !title.isEmpty()) {
            return detail.isEmpty() ? title : detail;
          }
          return (title + ": " + detail).trim();
        }
        if (json.has("faultstring")) {
          return json.get("faultstring").asText();
        }
      }
    } catch (IOException e) {
      // not JSON: fall back to the text
    }
    String text = body == null ? "" : body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String pem(JsonNode json, String what) {
    String pem = json.path("pem").asText("");
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw StepException.failure("magnum: " + what + ": the answer has no PEM certificate", null);
    }
    return pem;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
