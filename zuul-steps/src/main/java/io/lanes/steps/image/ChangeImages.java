package io.lanes.steps.image;

import io.lanes.core.config.Platform;
import io.lanes.core.image.ImageReference;
import java.util.List;
import picocli.CommandLine.Option;

/** The images a step works on for a change ({@code push-image}, {@code promote}): its {@code --image} arguments. */
final class ChangeImages {
  @Option(
      names = "--image",
      required = true,
      paramLabel = "IMAGE",
      description = "An image of the change: a name (openedx) or a full reference under the platform's prefix."
          + " Repeatable.")
  List<String> images;

  /** Each image as a reference under the platform's prefix ({@link LaneImages}), tagged {@code tag} unless it says. */
  List<ImageReference> references(Platform platform, String tag) {
    return images.stream().map(image -> LaneImages.reference(platform, image, tag)).toList();
  }
}
