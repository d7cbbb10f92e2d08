package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.core.naming.LaneNames;
import io.lanes.core.config.Platform;
import io.lanes.core.policy.PodSpecs;
import io.lanes.steps.StepException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pins the platform's own images to the digests that were promoted: {@code <registry>/<platform>/<image>:<tag>}
 * becomes {@code <registry>/<platform>/<image>:<tag>@sha256:...}, so the cluster runs exactly the image that was
 * tested, whatever the tag points at later. Pure.
 */
public final class ImagePins {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private ImagePins() {}

  /** Checks each digest's form; a configuration error naming the flag's entry otherwise. */
  public static void validate(Map<String, String> digests) {
    digests.forEach(
        (image, digest) -> {
          if (!DIGEST.matcher(digest).matches()) {
            throw StepException.configuration(
                "--image-digest " + image + "=" + digest + ": not a digest (sha256: and 64 hex digits)");
          }
        });
  }

  /**
   * Pins the containers of {@code objects} in place.
   *
   * @return warnings: digests no container used
   */
  public static List<String> apply(List<GenericKubernetesResource> objects, Platform platform, Map<String, String> digests) {
    Set<String> used = new HashSet<>();
    for (GenericKubernetesResource object : objects) {
      for (Map<String, Object> container : PodSpecs.containers(object.getKind(), object.getAdditionalProperties())) {
        if (!(container.get("image") instanceof String image) || image.contains("@")) {
          continue;
        }
        for (Map.Entry<String, String> pin : digests.entrySet()) {
          String repository = LaneNames.imageRepository(platform, pin.getKey());
          if (image.equals(repository) || image.startsWith(repository + ":")) {
            container.put("image", image + "@" + pin.getValue());
            used.add(pin.getKey());
          }
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    digests.keySet().stream()
        .filter(name -> !used.contains(name))
        .sorted()
        .forEach(name -> warnings.add("--image-digest " + name + ": no container uses " + LaneNames.imageRepository(platform, name)));
    return warnings;
  }
}
