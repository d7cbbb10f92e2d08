package io.lanes.steps.render;

import java.util.Map;

/** Reads of parsed YAML or JSON nodes. Pure. */
final class MapNodes {
  private MapNodes() {}

  /** {@code node} as a map (the node itself, not a copy), or null when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
