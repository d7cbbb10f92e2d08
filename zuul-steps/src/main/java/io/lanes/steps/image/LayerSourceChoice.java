package io.lanes.steps.image;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which source push-image reads an image's blobs from, decided on {@code --layer-source} and on what the engine's
 * inspect of the image says (its graph driver and the top layer's directory), before any file is looked at.
 *
 * <p>Reading the engine's containers-storage, as skopeo does, saves the wait for podman's export, which writes the
 * whole image to a temporary file before its first byte. It takes an engine on this node (a unix socket) whose
 * graph driver is containers-storage's {@code overlay} (podman; Docker says {@code overlay2} or {@code overlayfs},
 * and its export streams anyway), with the top layer's files at {@code <graph root>/overlay/<layer id>/diff}.
 * Whether the storage can then be read is {@link ContainersStorage#open}'s to find out; anything else reads the
 * export. The inspect says it all: the engine's {@code GET /info} would too, but takes ~0.2 s on podman.
 */
final class LayerSourceChoice {
  /** The containers-storage driver whose layout Lanes reads. */
  static final String OVERLAY = "overlay";

  private static final Pattern OVERLAY_DIFF = Pattern.compile("(/.*)/overlay/[a-f0-9]{64}/diff");

  private LayerSourceChoice() {}

  /** What {@code --layer-source} asks for. */
  enum Mode {
    /** The engine's storage when it can be read, else its export. */
    AUTO,
    /** Always the engine's export. */
    EXPORT;

    /** The flag's value: {@code auto}, {@code export}. */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What the engine says about where an image is.
   *
   * @param host the engine's URL ({@code --docker-host})
   * @param driver the image's graph driver ({@code GraphDriver.Name} of its inspect)
   * @param topLayerDir the top layer's files ({@code GraphDriver.Data.UpperDir}), null when not said
   */
  record Engine(String host, String driver, String topLayerDir) {}

  /** The decision. */
  sealed interface Choice permits Storage, Export {}

  /** Try the engine's containers-storage under {@code graphRoot}. */
  record Storage(Path graphRoot) implements Choice {}

  /** Read the engine's export, because of {@code reason}. */
  record Export(String reason) implements Choice {}

  static Choice choose(Mode mode, Engine engine) {
    if (mode == Mode.EXPORT) {
      return new Export("--layer-source " + Mode.EXPORT.word());
    }
    if (engine.host() == null || !engine.host().startsWith("unix://")) {
      return new Export("the engine " + engine.host() + " is not on a local socket: its storage is not on this node");
    }
    if (!OVERLAY.equals(engine.driver())) {
      return new Export(
          "the engine's graph driver is " + engine.driver() + ", not containers-storage's " + OVERLAY);
    }
    Matcher diff = engine.topLayerDir() == null ? null : OVERLAY_DIFF.matcher(engine.topLayerDir());
    if (diff == null || !diff.matches()) {
      return new Export("the engine puts the image's top layer at " + engine.topLayerDir()
          + ", not at <graph root>/overlay/<layer id>/diff");
    }
    return new Storage(Path.of(diff.group(1)));
  }
}
