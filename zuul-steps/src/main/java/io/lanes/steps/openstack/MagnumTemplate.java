package io.lanes.steps.openstack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A cluster template as Magnum shows it ({@code GET /v1/clustertemplates/{ident}}).
 *
 * @param uuid Magnum's id
 * @param name the template's name
 * @param fields every field Magnum returned, for comparison with the spec
 */
public record MagnumTemplate(String uuid, String name, JsonNode fields) {
  static MagnumTemplate of(JsonNode json) {
    return new MagnumTemplate(json.path("uuid").asText(), json.path("name").asText(), json);
  }
}
