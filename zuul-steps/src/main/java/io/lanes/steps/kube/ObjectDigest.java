package io.lanes.steps.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The digest of what Lanes asks of an object: SHA-256 over its canonical JSON (keys sorted) without what the server
 * owns (status, resource version, uid, managed fields...), without the {@code lanes.io/revision} label and without
 * the digest annotation itself. Two renders of the same content have the same digest whatever their revision. Pure.
 */
public final class ObjectDigest {
  /** The annotation deploy writes on every object it applies: the object's digest. */
  public static final String ANNOTATION = "lanes.io/digest";

  private static final Set<String> SERVER_METADATA =
      Set.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink");

  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ObjectDigest() {}

  /** {@code sha256:<hex>} of {@code object}'s content. */
  public static String of(GenericKubernetesResource object) {
    return sha256(canonical(content(object)));
  }

  /** Sets {@code object}'s {@value #ANNOTATION} annotation to its digest, in place, and returns the digest. */
  public static String annotate(GenericKubernetesResource object) {
    String digest = of(object);
    Map<String, String> annotations = new java.util.LinkedHashMap<>();
    if (object.getMetadata().getAnnotations() != null) {
      annotations.putAll(object.getMetadata().getAnnotations());
    }
    annotations.put(ANNOTATION, digest);
    object.getMetadata().setAnnotations(annotations);
    return digest;
  }

  /** {@code sha256:<hex>} of a whole release: over its objects' keys and digests, in key order. */
  public static String manifest(SortedMap<String, String> digestsByKey) {
    StringBuilder text = new StringBuilder();
    digestsByKey.forEach((key, digest) -> text.append(key).append(' ').append(digest).append('\n'));
    return sha256(text.toString());
  }

  /** The object as maps, without the fields the digest leaves out. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> content(GenericKubernetesResource object) {
    Map<String, Object> map = SERIALIZATION.convertValue(object, Map.class);
    Map<String, Object> copy = new LinkedHashMap<>(map);
    copy.remove("status");
    if (copy.get("metadata") instanceof Map<?, ?> metadata) {
      Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) metadata);
      SERVER_METADATA.forEach(meta::remove);
      without(meta, "labels", LaneNames.LABEL_REVISION);
      without(meta, "annotations", ANNOTATION);
      copy.put("metadata", meta);
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static void without(Map<String, Object> metadata, String field, String key) {
    if (metadata.get(field) instanceof Map<?, ?> values) {
      Map<String, Object> rest = new LinkedHashMap<>((Map<String, Object>) values);
      rest.remove(key);
      if (rest.isEmpty()) {
        metadata.remove(field);
      } else {
        metadata.put(field, rest);
      }
    }
  }

  private static String canonical(Map<String, Object> content) {
    try {
      return CANONICAL.writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an object for its digest", e);
    }
  }

  static String sha256(String text) {
    return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
