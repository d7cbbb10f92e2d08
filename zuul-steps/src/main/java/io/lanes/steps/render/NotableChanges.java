package io.lanes.steps.render;

import io.lanes.core.policy.PodSpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes a reviewer must not miss, in words: replicas, a container's image, a container's resources. Pure:
 * compares two normalized states of one object.
 */
final class NotableChanges {
  /** The field a note is about: {@code replicas}, or {@code containers.<name>.image|resources}. */
  static final String REPLICAS = "replicas";

  /**
   * One notable change.
   *
   * @param field the field it is about ({@link #REPLICAS}, {@link #containerField}), where its file comment goes
   * @param text the change in words
   */
  record FieldNote(String field, String text) {}

  private NotableChanges() {}

  /** The field key of a container's {@code image} or {@code resources}. */
  static String containerField(String container, String field) {
    return "containers." + container + "." + field;
  }

  /** The notable changes from {@code live} to {@code rendered}, in a stable order. */
  static List<FieldNote> between(String kind, Map<String, Object> live, Map<String, Object> rendered) {
    List<FieldNote> notes = new ArrayList<>();
    Object liveReplicas = spec(live).get("replicas");
    Object renderedReplicas = spec(rendered).get("replicas");
    if (renderedReplicas != null && !Objects.equals(liveReplicas, renderedReplicas)) {
      notes.add(new FieldNote(REPLICAS, "replicas " + shown(liveReplicas) + " → " + renderedReplicas));
    }
    Map<String, Map<String, Object>> before = byName(PodSpecs.containers(kind, live));
    for (Map.Entry<String, Map<String, Object>> entry : byName(PodSpecs.containers(kind, rendered)).entrySet()) {
      String name = entry.getKey();
      Map<String, Object> after = entry.getValue();
      Map<String, Object> old = before.getOrDefault(name, Map.of());
      if (!Objects.equals(old.get("image"), after.get("image"))) {
        notes.add(
            new FieldNote(
                containerField(name, "image"),
                "image of container " + name + ": " + shown(old.get("image")) + " → " + shown(after.get("image"))));
      }
      if (!Objects.equals(old.get("resources"), after.get("resources"))) {
        notes.add(
            new FieldNote(
                containerField(name, "resources"),
                "resources of container " + name + ": " + shown(old.get("resources")) + " → "
                    + shown(after.get("resources"))));
      }
    }
    return notes;
  }

  private static Map<String, Object> spec(Map<String, Object> object) {
    Map<String, Object> spec = MapNodes.map(object.get("spec"));
    return spec == null ? Map.of() : spec;
  }

  private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> containers) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Map<String, Object> container : containers) {
      byName.put(String.valueOf(container.get("name")), container);
    }
    return byName;
  }

  private static String shown(Object value) {
    return value == null ? "(none)" : value.toString();
  }
}
