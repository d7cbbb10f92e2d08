package io.lanes.steps.preview;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preview's containers all state limits (pure, on an object's body): a container that requests a resource without
 * limiting it is limited to its request. The preview's quota counts {@code limits.cpu} and {@code limits.memory}, so
 * every container needs limits; the LimitRange's defaults (512Mi) would fall below a larger request (Tutor's lms and
 * cms request 2Gi of memory and set no limit), and the API server refuses such a pod: its Deployment then never gets
 * a replica. Containers and init containers of every pod template in the object are covered.
 */
final class PreviewLimits {
  private PreviewLimits() {}

  /** Sets the missing limits in {@code body} (writable maps and lists, as {@link PreviewOverrides} copies them). */
  static void apply(Object body) {
    if (body instanceof Map<?, ?> map) {
      for (String key : List.of("containers", "initContainers")) {
        if (map.get(key) instanceof List<?> containers) {
          containers.forEach(PreviewLimits::limit);
        }
      }
      map.values().forEach(PreviewLimits::apply);
    } else if (body instanceof List<?> list) {
      list.forEach(PreviewLimits::apply);
    }
  }

  @SuppressWarnings("unchecked")
  private static void limit(Object container) {
    if (!(container instanceof Map<?, ?> c) || !(c.get("resources") instanceof Map<?, ?> resources)
        || !(resources.get("requests") instanceof Map<?, ?> requests) || requests.isEmpty()) {
      return;
    }
    Map<String, Object> writable = (Map<String, Object>) resources;
    Map<String, Object> limits = writable.get("limits") instanceof Map<?, ?> l
        ? new LinkedHashMap<>((Map<String, Object>) l) : new LinkedHashMap<>();
    requests.forEach((name, amount) -> limits.putIfAbsent(name.toString(), amount));
    writable.put("limits", limits);
  }
}
