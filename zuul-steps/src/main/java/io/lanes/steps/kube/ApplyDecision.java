package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.core.naming.LaneNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an object must be written: not when the live object carries the same {@link ObjectDigest} annotation and
 * still holds every field Lanes sets (so an edit by hand, drift, is put right on the next deploy). Server defaults
 * and fields other managers own do not count. Pure.
 */
public final class ApplyDecision {
  private ApplyDecision() {}

  /** True when {@code desired} (already annotated with its digest) needs no write over {@code live}. */
  public static boolean unchanged(GenericKubernetesResource desired, Optional<GenericKubernetesResource> live) {
    if (live.isEmpty()) {
      return false;
    }
    Map<String, String> annotations = live.get().getMetadata().getAnnotations();
    String liveDigest = annotations == null ? null : annotations.get(ObjectDigest.ANNOTATION);
    if (!ObjectDigest.of(desired).equals(liveDigest)) {
      return false;
    }
    return contains(ObjectDigest.content(live.get()), ObjectDigest.content(desired));
  }

  /** Whether {@code value} is a zero value, which the API server does not store for an omitempty field. */
  static boolean zero(Object value) {
    return value == null
        || "".equals(value)
        || Boolean.FALSE.equals(value)
        || (value instanceof Number n && n.doubleValue() == 0)
        || (value instanceof Map<?, ?> m && m.isEmpty())
        || (value instanceof List<?> l && l.isEmpty());
  }

  /** Whether every field of {@code wanted} is in {@code actual} with the same value (lists item by item). */
  static boolean contains(Object actual, Object wanted) {
    if (wanted instanceof Map<?, ?> wantedMap) {
      if (!(actual instanceof Map<?, ?> actualMap)) {
        return false;
      }
      for (Map.Entry<?, ?> entry : wantedMap.entrySet()) {
        if (LaneNames.LABEL_REVISION.equals(entry.getKey())) {
          continue;
        }
        if (!actualMap.containsKey(entry.getKey())) {
          if (zero(entry.getValue())) {
            continue; // the API server leaves out zero values of omitempty fields ("", 0, false, [], {})
          }
          return false;
        }
        if (entry.getValue() != null && !contains(actualMap.get(entry.getKey()), entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted instanceof List<?> wantedList) {
      if (!(actual instanceof List<?> actualList) || actualList.size() != wantedList.size()) {
        return false;
      }
      for (int i = 0; i < wantedList.size(); i++) {
        if (!contains(actualList.get(i), wantedList.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (wanted instanceof Number a && actual instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return wanted == null ? actual == null : wanted.equals(actual);
  }
}
