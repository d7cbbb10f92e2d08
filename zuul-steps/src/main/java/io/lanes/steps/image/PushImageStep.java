package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code zuul-steps push-image}: a change's images from the engine to the platform's registry, by digest. */
@Command(
    name = "push-image",
    description = "Push a change's images to the platform's registry and record their digests.")
public final class PushImageStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin LaneItemOptions item;

  @Mixin ChangeImages images;

  @Option(
      names = "--layer-source",
      paramLabel = "auto|export",
      converter = LayerSourceModeConverter.class,
      description = "Where to read the blobs to send: auto (the engine's containers-storage when the engine is a "
          + "local podman whose storage this process can read, else its export; the default) or export (always the "
          + "engine's export, GET /images/{name}/get).")
  LayerSourceChoice.Mode layerSource = LayerSourceChoice.Mode.AUTO;

  @Mixin RegistryOptions registryOptions;

  @Mixin DockerEngine engine;

  @Mixin CommonOptions common;

  PushImageStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    registryOptions.refuseCredentials();
    LaneItemOptions.LaneItem lane = item.resolve();
    String tag = LaneNames.changeTag(lane.change(), lane.patchset());
    List<ImageReference> references = images.references(lane.platform(), tag);
    List<Map<String, Object>> pushed = new ArrayList<>();
    List<Map<String, Object>> artifacts = new ArrayList<>();
    List<String> repositories = references.stream().map(ImageReference::repository).distinct().toList();
    MountSources mountSources = new MountSources(repositories);
    CompressedLayers compressed = new CompressedLayers(repositories, sourceTags(lane));
    DockerClient docker = engine.connect(context.environment());
    LayerSources layerSources =
        new LayerSources(docker, engine.host(context.environment()), layerSource, context.err());
    try {
      for (ImageReference reference : references) {
        RegistryClient registry = registryOptions.client(reference, context.environment());
        ImagePusher.Pushed result;
        try {
          result = new ImagePusher(docker, registry, mountSources, compressed, layerSources, context.err()).push(reference);
        } catch (RegistryException e) {
          throw RegistryOptions.failure("push-image " + reference, e);
        }
        context.out().println(reference.byDigest(result.digest()));
        pushed.add(record(result));
        artifacts.add(artifact(reference, result.digest()));
      }
    } finally {
      DockerEngine.close(docker);
    }
    Map<String, Object> zuul = new LinkedHashMap<>();
    zuul.put("artifacts", artifacts);
    ResultFile.write(common.result, Map.of("images", pushed), zuul);
    return ExitCodes.OK;
  }

  private static Map<String, Object> record(ImagePusher.Pushed result) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("reference", result.reference().toString());
    image.put("repository", result.reference().name());
    image.put("tag", result.reference().tag().orElseThrow());
    image.put("digest", result.digest());
    image.put("layers", result.layers());
    image.put("blobs_sent", result.blobsSent());
    image.put("blobs_mounted", result.blobsMounted());
    image.put("blobs_skipped", result.blobsSkipped());
    image.put("layer_bytes_sent", result.layerBytesSent());
    image.put("layer_bytes_uncompressed", result.layerBytesUncompressed());
    image.put("layer_source", result.layerSource());
    return image;
  }

  /**
   * Besides the pushed tag, where the layers' compressed blobs are looked up (in each of the run's repositories): the
   * change's previous patch set (a new patch set often rebuilds the same layers) and the platform's latest promoted
   * image (the base layers every change shares).
   */
  private static List<String> sourceTags(LaneItemOptions.LaneItem lane) {
    List<String> tags = new ArrayList<>();
    if (lane.patchset() > 1) {
      tags.add(LaneNames.changeTag(lane.change(), lane.patchset() - 1));
    }
    tags.add(LaneNames.latestTag(lane.platform()));
    return tags;
  }

  /** {@code --layer-source}'s values, in lower case as documented. */
  static final class LayerSourceModeConverter implements CommandLine.ITypeConverter<LayerSourceChoice.Mode> {
    @Override
    public LayerSourceChoice.Mode convert(String value) {
      for (LayerSourceChoice.Mode mode : LayerSourceChoice.Mode.values()) {
        if (mode.word().equals(value)) {
          return mode;
        }
      }
      throw new CommandLine.TypeConversionException("expected auto or export, not '" + value + "'");
    }
  }

  /** An artifact in zuul-jobs' shape for container images, with the digest added. */
  private static Map<String, Object> artifact(ImageReference reference, String digest) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("type", "container_image");
    metadata.put("repository", reference.name());
    metadata.put("tag", reference.tag().orElseThrow());
    metadata.put("digest", digest);
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("name", reference.repository().substring(reference.repository().lastIndexOf('/') + 1));
    artifact.put("url", "docker://" + reference.byDigest(digest));
    artifact.put("metadata", metadata);
    return artifact;
  }
}
