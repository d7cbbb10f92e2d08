package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.image.LayerSourceChoice.Engine;
import io.lanes.steps.image.LayerSourceChoice.Export;
import io.lanes.steps.image.LayerSourceChoice.Mode;
import io.lanes.steps.image.LayerSourceChoice.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LayerSourceChoiceTest {
  private static final String LAYER = "a".repeat(64);
  private static final String PODMAN = "unix:///run/podman/podman.sock";
  private static final String UPPER = "/var/lib/containers/storage/overlay/" + LAYER + "/diff";

  @Test
  @DisplayName("a podman on this node's socket with the overlay driver: its graph root, from the top layer's directory")
  void localPodman() {
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine(PODMAN, "overlay", UPPER)))
        .isEqualTo(new Storage(Path.of("/var/lib/containers/storage")));
    assertThat(LayerSourceChoice.choose(
            Mode.AUTO,
            new Engine(PODMAN, "overlay", "/home/zuul/.local/share/containers/storage/overlay/" + LAYER + "/diff")))
        .isEqualTo(new Storage(Path.of("/home/zuul/.local/share/containers/storage")));
  }

  @Test
  @DisplayName("--layer-source export reads the export, whatever the engine")
  void exportAsked() {
    assertThat(LayerSourceChoice.choose(Mode.EXPORT, new Engine(PODMAN, "overlay", UPPER)))
        .isEqualTo(new Export("--layer-source export"));
  }

  @Test
  @DisplayName("an engine over TCP may be on another machine: the export")
  void remoteEngine() {
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine("tcp://10.0.0.5:2375", "overlay", UPPER)))
        .isEqualTo(new Export("the engine tcp://10.0.0.5:2375 is not on a local socket: its storage is not on this node"));
  }

  @Test
  @DisplayName("Docker (overlay2, or the containerd store's overlayfs) is not containers-storage: the export")
  void docker() {
    assertThat(LayerSourceChoice.choose(
            Mode.AUTO, new Engine("unix:///var/run/docker.sock", "overlay2", "/var/lib/docker/overlay2/x/diff")))
        .isEqualTo(new Export("the engine's graph driver is overlay2, not containers-storage's overlay"));
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine("unix:///var/run/docker.sock", "overlayfs", null)))
        .isInstanceOf(Export.class);
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine(PODMAN, "vfs", null)))
        .isEqualTo(new Export("the engine's graph driver is vfs, not containers-storage's overlay"));
  }

  @Test
  @DisplayName("a top layer directory not shaped <graph root>/overlay/<id>/diff (or none) is not guessed at: the export")
  void unknownLayout() {
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine(PODMAN, "overlay", null)))
        .isEqualTo(new Export("the engine puts the image's top layer at null, not at <graph root>/overlay/<layer id>/diff"));
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine(PODMAN, "overlay", "/srv/overlay/abc/diff")))
        .isInstanceOf(Export.class);
    assertThat(LayerSourceChoice.choose(Mode.AUTO, new Engine(PODMAN, "overlay", "relative/overlay/" + LAYER + "/diff")))
        .isInstanceOf(Export.class);
  }
}
