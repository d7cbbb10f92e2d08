package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a platform's rendered release into its preview, on copies: objects of the platform's namespace move to the
 * preview's (the platform's own Namespace object is left out: Lanes creates the preview's), every string that holds
 * the platform's LMS host holds the preview's instead (so {@code studio.<host>} and {@code apps.<host>} follow),
 * workloads run one replica, the platform's MySQL is smaller ({@link PreviewMysql}), every container that requests a
 * resource is limited to its request unless it says otherwise ({@link PreviewLimits}). The platform's backup CronJob is
 * never rendered into a preview (it renders without a backup). Pure.
 */
final class PreviewOverrides {
  /** Kinds whose {@code spec.replicas} a preview sets to one. */
  static final Set<String> SCALED = Set.of("Deployment", "StatefulSet", "ReplicaSet");

  private final KubernetesSerialization serialization;

  PreviewOverrides(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** The preview's objects, copies of {@code objects}. */
  List<GenericKubernetesResource> apply(List<GenericKubernetesResource> objects, PreviewLane lane) {
    String from = lane.platform().namespace();
    String to = lane.namespace();
    String lmsHost = lane.settings().lmsHost();
    String host = lane.host();
    List<GenericKubernetesResource> preview = new ArrayList<>();
    for (GenericKubernetesResource object : objects) {
      if ("Namespace".equals(object.getKind())) {
        continue;
      }
      GenericKubernetesResource copy = serialization.clone(object);
      if (from.equals(copy.getMetadata().getNamespace())) {
        copy.getMetadata().setNamespace(to);
      }
      Map<String, Object> body = new LinkedHashMap<>(copy.getAdditionalProperties());
      body.replaceAll((key, value) -> replaceHost(value, lmsHost, host));
      copy.setAdditionalProperties(body);
      if (SCALED.contains(copy.getKind()) && body.get("spec") instanceof Map<?, ?> spec && spec.containsKey("replicas")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> writable = (Map<String, Object>) spec;
        writable.put("replicas", 1);
      }
      PreviewMysql.apply(
          copy.getKind(), copy.getMetadata().getName(), body, lane.settings().mysqlMemory(), lane.settings().mysqlStorage());
      PreviewLimits.apply(body);
      preview.add(copy);
    }
    return preview;
  }

  /** {@code value} with every string in it holding {@code from} holding {@code to} instead (maps and lists deeply). */
  static Object replaceHost(Object value, String from, String to) {
    if (value instanceof String text) {
      return text.replace(from, to);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, replaceHost(v, from, to)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(replaceHost(v, from, to)));
      return copy;
    }
    return value;
  }
}
