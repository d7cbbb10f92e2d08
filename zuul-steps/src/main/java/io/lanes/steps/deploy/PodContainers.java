package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The containers (and init containers) of any object that has a pod template, as mutable maps. Pure. */
final class PodContainers {
  private PodContainers() {}

  static List<Map<String, Object>> of(GenericKubernetesResource object) {
    Map<String, Object> spec = RolloutCheck.map(object.getAdditionalProperties().get("spec"));
    Map<String, Object> podSpec;
    if ("CronJob".equals(object.getKind())) {
      podSpec = at(spec, "jobTemplate", "spec", "template", "spec");
    } else if ("Pod".equals(object.getKind())) {
      podSpec = spec;
    } else {
      podSpec = at(spec, "template", "spec");
    }
    List<Map<String, Object>> containers = new ArrayList<>();
    for (String field : List.of("initContainers", "containers")) {
      for (Object item : RolloutCheck.list(podSpec.get(field))) {
        Map<String, Object> container = RolloutCheck.map(item);
        if (!container.isEmpty()) {
          containers.add(container);
        }
      }
    }
    return containers;
  }

  private static Map<String, Object> at(Map<String, Object> root, String... path) {
    Map<String, Object> node = root;
    for (String step : path) {
      node = RolloutCheck.map(node.get(step));
    }
    return node;
  }
}
