package io.lanes.steps.testing.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TEST DOUBLE of a Kubernetes API server: fabric8's CRUD mock dispatcher, extended with an approximation of
 * server-side apply and of {@code dryRun=All}, which the mock lacks (it answers 404/415 to an apply patch and
 * persists dry runs).
 *
 * <p>What it approximates:
 *
 * <ul>
 *   <li>{@code PATCH} with {@code Content-Type: application/apply-patch+yaml}: creates the object when it is missing;
 *       otherwise the applied object replaces the live one, keeping the server's metadata (uid, creation time,
 *       resource version, generation) and status: right when the applier is the object's only field manager, as
 *       Lanes is for the objects it manages. {@code fieldManager} is required (400 without, as the API server) and
 *       recorded as the only {@code managedFields} entry; {@code force} is accepted.
 *   <li>{@code dryRun=All} on apply, {@code POST}, {@code PUT} and {@code DELETE}: answers as the write would, persists
 *       nothing.
 * </ul>
 *
 * <p>What it cannot show: field ownership and apply conflicts (409) between managers, fields another manager set
 * (they are dropped, not kept), list merging by key, server-set defaults, admission and validation (any object is
 * accepted), whether the namespace exists, and discovery. A test that passes here proves the product's requests
 * and its handling of the answers, not the API server's merge semantics.
 */
public final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
  /** The content type of a server-side apply patch. */
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final List<String> writes = new ArrayList<>();
  private final List<Request> requests = new ArrayList<>();

  /**
   * One write request as it reached the double (dry runs included), for asserting the request's shape.
   *
   * @param method the HTTP method ({@code PATCH} for an apply)
   * @param path the path without its query string
   * @param query the decoded query parameters ({@code fieldManager}, {@code force}, {@code dryRun}...)
   * @param contentType the {@code Content-Type} header, or null
   */
  public record Request(String method, String path, Map<String, String> query, String contentType) {
    /** Whether this is a server-side apply: a {@code PATCH} with {@value #APPLY_PATCH}. */
    public boolean isApply() {
      return "PATCH".equals(method) && contentType != null && contentType.startsWith(APPLY_PATCH);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String fullPath = request.getPath();
    int question = fullPath.indexOf('?');
    String path = question < 0 ? fullPath : fullPath.substring(0, question);
    Map<String, String> query = query(question < 0 ? "" : fullPath.substring(question + 1));
    boolean dryRun = "All".equals(query.get("dryRun"));
    String method = request.getMethod();
    String contentType = request.getHeader("Content-Type");
    if (!"GET".equals(method)) {
      recordRequest(new Request(method, path, Map.copyOf(query), contentType));
    }
    if ("PATCH".equals(method) && contentType != null && contentType.startsWith(APPLY_PATCH)) {
      return apply(request, path, query, dryRun);
    }
    if (dryRun) {
      return dryRun(request, method, path);
    }
    if (!"GET".equals(method)) {
      record(method + " " + path);
    }
    return super.dispatch(request);
  }

  /** The writes that reached the store, as {@code METHOD path}, in order (dry runs never appear). */
  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  /** Every write request (not {@code GET}), dry runs included, in the order they arrived. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private synchronized void recordRequest(Request request) {
    requests.add(request);
  }

  private synchronized void record(String write) {
    writes.add(write);
  }

  private MockResponse apply(RecordedRequest request, String path, Map<String, String> query, boolean dryRun) {
    String fieldManager = query.get("fieldManager");
    if (fieldManager == null || fieldManager.isBlank()) {
      return status(400, "BadRequest", "PATCH is not supported: fieldManager is required for apply requests");
    }
    Map<String, Object> applied = serialization.unmarshal(request.getUtf8Body(), Map.class);
    MockResponse live = super.handleGet(path);
    boolean exists = live.code() == 200;
    Map<String, Object> result = new LinkedHashMap<>(applied);
    Map<String, Object> metadata = new LinkedHashMap<>(map(applied.get("metadata")));
    if (exists) {
      @SuppressWarnings("unchecked")
      Map<String, Object> current = serialization.unmarshal(live.getBody().readUtf8(), Map.class);
      Map<String, Object> currentMetadata = map(current.get("metadata"));
      for (String key : List.of("uid", "creationTimestamp", "resourceVersion", "generation")) {
        if (currentMetadata.containsKey(key)) {
          metadata.put(key, currentMetadata.get(key));
        }
      }
      if (current.containsKey("status")) {
        result.put("status", current.get("status"));
      }
    }
    Map<String, Object> managed = new LinkedHashMap<>();
    managed.put("manager", fieldManager);
    managed.put("operation", "Apply");
    managed.put("apiVersion", applied.get("apiVersion"));
    managed.put("time", Instant.now().toString());
    metadata.put("managedFields", List.of(managed));
    result.put("metadata", metadata);
    if (dryRun) {
      if (!exists) {
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", Instant.now().toString());
      }
      return json(exists ? 200 : 201, result);
    }
    String body = serialization.asJson(result);
    record("APPLY " + path);
    if (exists) {
      return super.dispatch(request(HttpMethod.PUT, path, body));
    }
    String collection = path.substring(0, path.lastIndexOf('/'));
    return super.dispatch(request(HttpMethod.POST, collection, body));
  }

  private MockResponse dryRun(RecordedRequest request, String method, String path) {
    switch (method) {
      case "POST", "PUT" -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = serialization.unmarshal(request.getUtf8Body(), Map.class);
        Map<String, Object> metadata = new LinkedHashMap<>(map(object.get("metadata")));
        metadata.putIfAbsent("uid", UUID.randomUUID().toString());
        metadata.putIfAbsent("creationTimestamp", Instant.now().toString());
        object.put("metadata", metadata);
        return json("POST".equals(method) ? 201 : 200, object);
      }
      case "DELETE" -> {
        return super.handleGet(path);
      }
      default -> {
        return status(400, "BadRequest", "the test double does not approximate a dry run of " + method);
      }
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, String json) {
    Headers headers = Headers.builder().add("Content-Type", "application/json").build();
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(json));
  }

  private MockResponse json(int code, Map<String, Object> body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(serialization.asJson(body));
  }

  private MockResponse status(int code, String reason, String message) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("apiVersion", "v1");
    status.put("kind", "Status");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return json(code, status);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
