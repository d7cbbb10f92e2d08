package io.lanes.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where each kind that runs pods keeps its pod spec, and the containers in it: the one definition the lane policy,
 * {@code render} (image tags, warnings, notable changes) and {@code deploy} (image digests) share. Objects are given
 * by kind and as plain maps (parsed YAML or JSON: the object's top-level fields). Pure.
 */
public final class PodSpecs {
  /** The kinds that run pods, each with the path of map keys to its pod spec. */
  public static final Map<String, List<String>> PATHS =
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

  /** The container lists of a pod spec, in the order they are read. */
  public static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

  private PodSpecs() {}

  /**
   * The pod spec of an object, or an empty map for kinds that run no pods and objects that lack one. The map is the
   * object's own: a change to it changes the object.
   *
   * @param kind the object's {@code kind}
   * @param fields the object's top-level fields ({@code spec}, {@code template}...)
   */
  public static Map<String, Object> of(String kind, Map<String, Object> fields) {
    List<String> path = PATHS.get(kind);
    if (path == null) {
      return Map.of();
    }
    return PlainData.map(PlainData.at(fields, path.toArray(String[]::new)));
  }

  /**
   * Every container of an object's pod spec: init, regular, then ephemeral containers, in their order. The maps are
   * the object's own: a change to one (its {@code image}) changes the object.
   *
   * @param kind the object's {@code kind}
   * @param fields the object's top-level fields
   */
  public static List<Map<String, Object>> containers(String kind, Map<String, Object> fields) {
    Map<String, Object> spec = of(kind, fields);
    List<Map<String, Object>> containers = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      for (Object item : PlainData.list(spec.get(list))) {
        if (item instanceof Map<?, ?>) {
          containers.add(PlainData.map(item));
        }
      }
    }
    return containers;
  }
}
