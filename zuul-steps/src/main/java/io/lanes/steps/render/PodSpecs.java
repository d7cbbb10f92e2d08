package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the pod specs and containers inside an object of any kind, by the shapes the workload kinds share. */
final class PodSpecs {
  private static final List<List<String>> POD_SPEC_PATHS =
      List.of(
          List.of("spec", "template", "spec"),
          List.of("spec", "jobTemplate", "spec", "template", "spec"));

  private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  private PodSpecs() {}

  /** The object's pod specs: its own spec for a Pod, its template's for workloads, none for other kinds. */
  static List<Map<String, Object>> of(GenericKubernetesResource resource) {
    return of(resource.getKind(), resource.getAdditionalProperties());
  }

  /** The pod specs of an object given as its top-level fields. */
  static List<Map<String, Object>> of(String kind, Map<String, Object> fields) {
    List<Map<String, Object>> specs = new ArrayList<>();
    if ("Pod".equals(kind)) {
      Map<String, Object> spec = map(fields.get("spec"));
      if (spec != null) {
        specs.add(spec);
      }
      return specs;
    }
    for (List<String> path : POD_SPEC_PATHS) {
      Object node = fields;
      for (String key : path) {
        Map<String, Object> parent = map(node);
        node = parent == null ? null : parent.get(key);
      }
      Map<String, Object> spec = map(node);
      if (spec != null) {
        specs.add(spec);
      }
    }
    return specs;
  }

  /** Every container (init, regular, ephemeral) of every pod spec of the object. */
  static List<Map<String, Object>> containers(String kind, Map<String, Object> fields) {
    List<Map<String, Object>> containers = new ArrayList<>();
    for (Map<String, Object> spec : of(kind, fields)) {
      for (String list : CONTAINER_LISTS) {
        if (spec.get(list) instanceof List<?> items) {
          for (Object item : items) {
            Map<String, Object> container = map(item);
            if (container != null) {
              containers.add(container);
            }
          }
        }
      }
    }
    return containers;
  }

  /** Every container of the object. */
  static List<Map<String, Object>> containers(GenericKubernetesResource resource) {
    return containers(resource.getKind(), resource.getAdditionalProperties());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
