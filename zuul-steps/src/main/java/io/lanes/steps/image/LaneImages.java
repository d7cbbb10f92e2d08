package io.lanes.steps.image;

import io.lanes.core.config.Platform;
import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;

/** Turns an {@code --image} argument into a reference inside the platform's prefix (pure). */
final class LaneImages {
  private LaneImages() {}

  /**
   * {@code image} is a bare image name ({@code openedx}, given the platform's repository and {@code tag}) or a full
   * reference, which must lie under the platform's prefix {@code <registry>/<platform>/}: anything else is a policy
   * violation naming both.
   */
  static ImageReference reference(Platform platform, String image, String tag) {
    if (image.matches("[a-z0-9]+(?:[._-][a-z0-9]+)*")) {
      return LaneNames.imageReference(platform, image, tag);
    }
    ImageReference reference;
    try {
      reference = ImageReference.parseQualified(image);
    } catch (IllegalArgumentException e) {
      throw StepException.configuration("--image " + image + ": " + e.getMessage());
    }
    String prefix = LaneNames.imagePrefix(platform) + "/";
    if (!reference.isBelow(prefix)) {
      throw StepException.policy(
          "image " + image + " is outside platform " + platform.name() + "'s prefix " + prefix);
    }
    if (reference.tag().isEmpty()) {
      reference = reference.withTag(tag);
    }
    return reference;
  }
}
