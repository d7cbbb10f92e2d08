package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.kube.KubeYaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Objects as YAML, the one way render writes them (bundle and diffs alike). A Secret's values are always replaced
 * by {@value #REDACTED} (base64 {@value #REDACTED_BASE64} under {@code data}), so no secret value can reach a file.
 */
final class ManifestYaml {
  static final String REDACTED = "REDACTED";
  static final String REDACTED_BASE64 = "UkVEQUNURUQ=";

  /** kubectl's copy of an applied object, which for a Secret holds its data. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final KubernetesSerialization serialization;

  ManifestYaml(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** One object as a YAML document, without a leading {@code ---}, secrets redacted. */
  String text(GenericKubernetesResource resource) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = serialization.convertValue(resource, Map.class);
    return text(map);
  }

  /** One object given as maps, secrets redacted. */
  String text(Map<String, Object> object) {
    return KubeYaml.document(redacted(object)).substring(4);
  }

  /** All objects as one multi-document YAML stream, written in parallel, in order. */
  String bundle(List<RenderedObject> objects) {
    StringBuilder bundle = new StringBuilder();
    for (String text : objects.parallelStream().map(o -> text(o.resource())).toList()) {
      bundle.append("---\n").append(text);
    }
    return bundle.toString();
  }

  /** {@code object}, or for a Secret a copy whose every value is redacted. */
  static Map<String, Object> redacted(Map<String, Object> object) {
    if (!"Secret".equals(object.get("kind"))) {
      return object;
    }
    Map<String, Object> copy = new LinkedHashMap<>(object);
    redact(copy, "data", REDACTED_BASE64);
    redact(copy, "stringData", REDACTED);
    Map<String, Object> metadata = MapNodes.map(copy.get("metadata"));
    Map<String, Object> annotations = metadata == null ? null : MapNodes.map(metadata.get("annotations"));
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, Object> kept = new LinkedHashMap<>(metadata);
      Map<String, Object> rest = new LinkedHashMap<>(annotations);
      rest.remove(LAST_APPLIED);
      kept.put("annotations", rest);
      copy.put("metadata", kept);
    }
    return copy;
  }

  private static void redact(Map<String, Object> secret, String field, String replacement) {
    Map<String, Object> values = MapNodes.map(secret.get(field));
    if (values != null) {
      Map<String, Object> hidden = new LinkedHashMap<>();
      values.keySet().forEach(key -> hidden.put(key, replacement));
      secret.put(field, hidden);
    }
  }
}
