package io.lanes.core.policy;

import java.util.List;
import java.util.Map;

/** Safe reads from parsed YAML: a value of the wrong type reads as absent. */
final class PlainData {
  private PlainData() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  /** Scalars as text (so {@code namespace: 123} is still compared); maps and lists as null. */
  static String string(Object value) {
    if (value == null || value instanceof Map || value instanceof List) {
      return null;
    }
    return String.valueOf(value);
  }

  static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value);
  }

  /** The value at a path of map keys, or null. */
  static Object at(Map<String, Object> root, String... path) {
    Object current = root;
    for (String key : path) {
      current = map(current).get(key);
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
