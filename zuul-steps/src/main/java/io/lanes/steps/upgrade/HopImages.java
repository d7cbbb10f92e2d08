package io.lanes.steps.upgrade;

import io.lanes.core.image.ImageReference;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.RegistryAccess;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks, before anything is stopped, that the registry holds the image of every database hop ({@link HopPlan}: the
 * platform's own repository with the intermediate version as tag, which the platform must mirror): one manifest
 * {@code HEAD} per image, through {@link RegistryAccess}. Without it, a missing image is found only when its hop's Job
 * cannot pull it, after the database was stopped. A missing image is a refusal (exit 2) listing every one, each with
 * the {@code skopeo copy} that mirrors it from Tutor's (Docker Hub's official image).
 */
final class HopImages {
  private HopImages() {}

  /** The hops whose image {@code present} says the registry does not hold, in order, each image once. Pure. */
  static List<HopPlan.Hop> missing(List<HopPlan.Hop> hops, Predicate<String> present) {
    Set<String> seen = new LinkedHashSet<>();
    List<HopPlan.Hop> missing = new ArrayList<>();
    for (HopPlan.Hop hop : hops) {
      if (seen.add(hop.image()) && !present.test(hop.image())) {
        missing.add(hop);
      }
    }
    return missing;
  }

  /**
   * The command that mirrors {@code hop}'s image from Tutor's: {@code skopeo copy docker://<upstream>
   * docker://<image>}, with {@code --dest-tls-verify=false} for a registry served over plain HTTP. Pure.
   */
  static String mirrorCommand(HopPlan.Hop hop, boolean plainHttp) {
    return "skopeo copy " + (plainHttp ? "--dest-tls-verify=false " : "") + "docker://" + hop.upstream()
        + " docker://" + hop.image();
  }

  /**
   * The refusal for {@code missing} (not empty): every image, its hop and the command that mirrors it. Pure.
   *
   * @param plainHttp which registries (as image references name them) are served over plain HTTP
   */
  static StepException refusal(String from, List<HopPlan.Hop> missing, Predicate<String> plainHttp) {
    StringBuilder message = new StringBuilder("upgrade from " + from + ": " + missing.size() + " database hop image(s)"
        + " not in the registry (the platform mirrors each intermediate version it passes); nothing was stopped:");
    for (HopPlan.Hop hop : missing) {
      message.append("\n  - ").append(hop.image()).append(" (").append(hop.describe()).append("): ")
          .append(mirrorCommand(hop, plainHttp.test(hop.image())));
    }
    message.append("\nMirror them, then upgrade again.");
    return StepException.configuration(message.toString());
  }

  /**
   * Checks every hop's image in its registry.
   *
   * @throws StepException exit 2 listing the missing images ({@link #refusal}) or when the registry refuses the
   *     credentials; exit 1 when a registry cannot be reached or answers otherwise
   */
  static void check(String from, List<HopPlan.Hop> hops, RegistryAccess access, Map<String, String> environment,
      Duration timeout) {
    Map<String, RegistryClient> clients = new LinkedHashMap<>();
    Map<String, String> apiUrls = new LinkedHashMap<>();
    List<HopPlan.Hop> missing = missing(hops, image -> {
      ImageReference reference = reference(image);
      String url = access.apiUrl(reference);
      apiUrls.put(image, url);
      RegistryClient client = clients.computeIfAbsent(url, u -> access.client(reference, environment, timeout));
      try {
        return client.hasManifest(reference.repository(), reference.tag().orElse(ImageReference.LATEST));
      } catch (RegistryException e) {
        throw RegistryAccess.failure("upgrade: cannot check the hop image " + image + " (nothing was stopped;"
            + " --no-image-check skips this check)", e);
      }
    });
    if (!missing.isEmpty()) {
      throw refusal(from, missing, image -> apiUrls.getOrDefault(image, "").startsWith("http://"));
    }
  }

  private static ImageReference reference(String image) {
    try {
      return ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw StepException.configuration("upgrade: the hop image " + image + " is not an image reference: "
          + e.getMessage());
    }
  }
}
