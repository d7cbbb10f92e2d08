package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.lanes.core.image.ImageReference;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * Opens the {@link LayerSource} of each image a push-image run must send blobs of: the engine's storage when {@link
 * LayerSourceChoice} allows it and {@link ContainersStorage#open} can read every blob there, else the engine's
 * export. Says which on stderr, one line per image.
 */
final class LayerSources {
  private final DockerClient engine;
  private final String host;
  private final LayerSourceChoice.Mode mode;
  private final PrintWriter log;

  LayerSources(DockerClient engine, String host, LayerSourceChoice.Mode mode, PrintWriter log) {
    this.engine = engine;
    this.host = host;
    this.mode = mode;
    this.log = log;
  }

  /** The source of {@code digests}, blobs of {@code reference}, which the engine inspected as {@code image}. */
  LayerSource open(ImageReference reference, InspectImageResponse image, Set<String> digests) {
    LayerSourceChoice.Choice choice = LayerSourceChoice.choose(mode, engineFacts(image));
    String reason;
    if (choice instanceof LayerSourceChoice.Storage storage) {
      try {
        ContainersStorage source = ContainersStorage.open(storage.graphRoot(), image.getId(), digests);
        log.printf("push-image: %s: reading blobs from the engine's %s %s%n", reference, source.word(),
            storage.graphRoot());
        log.flush();
        return source;
      } catch (ContainersStorage.Unreadable e) {
        reason = e.getMessage();
      }
    } else {
      reason = ((LayerSourceChoice.Export) choice).reason();
    }
    log.printf("push-image: %s: reading blobs from the engine's %s (%s)%n", reference, EngineExport.WORD, reason);
    log.flush();
    return new EngineExport(engine, reference);
  }

  /**
   * What the engine's inspect of the image says about where it is. docker-java maps {@code GraphDriver.Data}'s
   * Device Mapper fields only; the overlay drivers' {@code UpperDir} is in the response's raw values.
   */
  private LayerSourceChoice.Engine engineFacts(InspectImageResponse image) {
    String driver = image.getGraphDriver() == null ? null : image.getGraphDriver().getName();
    String topLayerDir = null;
    if (image.getRawValues().get("GraphDriver") instanceof Map<?, ?> graphDriver
        && graphDriver.get("Data") instanceof Map<?, ?> data
        && data.get("UpperDir") instanceof String upperDir) {
      topLayerDir = upperDir;
    }
    return new LayerSourceChoice.Engine(host, driver, topLayerDir);
  }
}
