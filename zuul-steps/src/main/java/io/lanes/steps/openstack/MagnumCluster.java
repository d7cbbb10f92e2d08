package io.lanes.steps.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A cluster as Magnum shows it ({@code GET /v1/clusters/{ident}}).
 *
 * @param uuid Magnum's id
 * @param name the cluster's name
 * @param status Magnum's status, e.g. {@code CREATE_IN_PROGRESS}, {@code CREATE_COMPLETE}, {@code UPDATE_FAILED}
 * @param statusReason why it is in that status, when Magnum says
 * @param templateId the uuid of its cluster template
 * @param masterCount the number of control-plane nodes
 * @param nodeCount the number of worker nodes
 * @param keypair the Nova keypair on its nodes
 * @param apiAddress the Kubernetes API's URL, once the cluster is up
 */
public record MagnumCluster(
    String uuid,
    String name,
    String status,
    Optional<String> statusReason,
    String templateId,
    int masterCount,
    int nodeCount,
    Optional<String> keypair,
    Optional<String> apiAddress) {

  /** Whether Magnum is still working on it ({@code *_IN_PROGRESS}). */
  public boolean inProgress() {
    return status.endsWith("_IN_PROGRESS");
  }

  /** Whether Magnum gave up on it ({@code *_FAILED}). */
  public boolean failed() {
    return status.endsWith("_FAILED");
  }

  /** Whether the last operation finished ({@code *_COMPLETE}). */
  public boolean complete() {
    return status.endsWith("_COMPLETE");
  }

  static MagnumCluster of(JsonNode json) {
    return new MagnumCluster(
        json.path("uuid").asText(),
        json.path("name").asText(),
        json.path("status").asText(""),
        text(json, "status_reason"),
        json.path("cluster_template_id").asText(""),
        json.path("master_count").asInt(),
        json.path("node_count").asInt(),
        text(json, "keypair"),
        text(json, "api_address"));
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
  }
}
