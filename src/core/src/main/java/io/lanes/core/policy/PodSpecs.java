package io.lanes.core.policy;

import java.util.List;
import java.util.Map;

/** Where each workload kind keeps its pod spec. */
final class PodSpecs {
  /** The kinds that run pods, each with the path of map keys to its pod spec. */
  static final Map<String, List<String>> PATHS =
      Map.of(
          "Pod", List.of("spec"),
          "PodTemplate", List.of("template", "spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  /** The container lists of a pod spec. */
  static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  private PodSpecs() {}

  /** The object's pod spec, or an empty map for kinds that run no pods. */
  static Map<String, Object> of(ManifestObject object) {
    List<String> path = PATHS.get(object.kind());
    if (path == null) {
      return Map.of();
    }
    return PlainData.map(PlainData.at(object.content(), path.toArray(String[]::new)));
  }
}
