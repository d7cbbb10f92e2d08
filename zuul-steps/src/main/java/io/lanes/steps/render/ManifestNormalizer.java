package io.lanes.steps.render;

import io.lanes.core.naming.LaneNames;
import io.lanes.steps.kube.ObjectDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes two states of one object comparable: leaves out what the server owns or sets on every write (managed
 * fields, resource version, uid, timestamps, generation, status, kubectl's and the deployment controller's
 * annotations, and Lanes' digest annotation, which changes with any other field) and the {@code lanes.io/revision} label, which changes on every render. Pure.
 */
final class ManifestNormalizer {
  private static final Set<String> SERVER_METADATA =
      Set.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink");

  private static final Set<String> SERVER_ANNOTATIONS =
      Set.of("kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision", ObjectDigest.ANNOTATION);

  private ManifestNormalizer() {}

  /** A deep copy of {@code object} (as maps and lists) without the fields above. */
  static Map<String, Object> normalize(Map<String, Object> object) {
    Map<String, Object> copy = deepCopy(object);
    copy.remove("status");
    Map<String, Object> metadata = MapNodes.map(copy.get("metadata"));
    if (metadata != null) {
      SERVER_METADATA.forEach(metadata::remove);
      removeKeys(metadata, "annotations", SERVER_ANNOTATIONS);
      removeKeys(metadata, "labels", Set.of(LaneNames.LABEL_REVISION));
    }
    return copy;
  }

  private static void removeKeys(Map<String, Object> metadata, String field, Set<String> keys) {
    Map<String, Object> values = MapNodes.map(metadata.get(field));
    if (values != null) {
      keys.forEach(values::remove);
      if (values.isEmpty()) {
        metadata.remove(field);
      }
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T deepCopy(T node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(deepCopy(item)));
      return (T) copy;
    }
    return node;
  }
}
