package io.lanes.steps.render;

import io.lanes.core.image.ImageReference;
import io.lanes.core.policy.PodSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Soft issues in rendered objects, for {@code zuul.warnings}: containers without resource limits, images that pin
 * nothing (no tag, or {@code latest}). They never fail a render. Pure.
 */
final class Findings {
  private Findings() {}

  /** One line per issue, naming the object and the container. */
  static List<String> of(List<RenderedObject> objects) {
    List<String> warnings = new ArrayList<>();
    for (RenderedObject object : objects) {
      for (Map<String, Object> container : PodSpecs.containers(object.kind(), object.resource().getAdditionalProperties())) {
        String name = String.valueOf(container.get("name"));
        Map<String, Object> resources = MapNodes.map(container.get("resources"));
        if (resources == null || MapNodes.map(resources.get("limits")) == null
            || MapNodes.map(resources.get("limits")).isEmpty()) {
          warnings.add(object.id() + ": container " + name + " has no resource limits");
        }
        if (container.get("image") instanceof String image && pinsNothing(image)) {
          warnings.add(object.id() + ": container " + name + " uses " + image + ", which pins no version");
        }
      }
    }
    return warnings;
  }

  /**
   * Whether {@code image} pins no version ({@link ImageReference#isFloating}: no digest and no tag, or {@code
   * latest}); text that is no image reference is the lane policy's to judge, not a finding.
   */
  static boolean pinsNothing(String image) {
    return ImageReference.tryParse(image).filter(ImageReference::isFloating).isPresent();
  }
}
