package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zuul-steps build-image}: builds a change's images through a Docker-compatible engine. */
@Command(
    name = "build-image",
    description = "Build a platform's images (one per directory of the build directory) for a change.")
public final class BuildImageStep implements Callable<Integer> {
  /** The file of build arguments in the build directory: the platform's build configuration. */
  public static final String BUILD_ARGS_FILE = "build-args.env";

  static final String LABEL_REVISION = "org.opencontainers.image.revision";
  static final String LABEL_SOURCE = "org.opencontainers.image.source";
  static final String LABEL_CHANGE = "lanes.io/change";
  static final String LABEL_PATCHSET = "lanes.io/patchset";

  private final StepContext context;

  @Mixin LaneItemOptions item;

  @Option(
      names = "--build-dir",
      paramLabel = "DIR",
      defaultValue = "env/build",
      description = "The platform's build directory: one image per subdirectory holding a Dockerfile "
          + "(default: ${DEFAULT-VALUE}).")
  Path buildDir;

  @Option(
      names = "--image",
      paramLabel = "NAME",
      description = "Build only this image (a subdirectory of the build directory). Repeatable; default: all.")
  List<String> images;

  @Option(
      names = "--build-arg",
      paramLabel = "KEY=VALUE",
      description = "A build argument, over those of " + BUILD_ARGS_FILE + ". Repeatable.")
  Map<String, String> buildArgs = new LinkedHashMap<>();

  @Option(
      names = "--revision",
      required = true,
      paramLabel = "SHA",
      description = "The commit being built (Zuul: zuul.commit_id), for the " + LABEL_REVISION + " label.")
  String revision;

  @Option(
      names = "--source",
      paramLabel = "URL",
      description = "The repository's URL, for the " + LABEL_SOURCE + " label.")
  String source;

  @Mixin DockerEngine engine;

  @Mixin CommonOptions common;

  BuildImageStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LaneItemOptions.LaneItem lane = item.resolve();
    String tag = LaneNames.changeTag(lane.change(), lane.patchset());
    ImageBuilder builder = new ImageBuilder(buildDir, context.err());
    List<String> names = builder.imageNames(images);
    Map<String, String> args = new LinkedHashMap<>(BuildArgs.read(buildDir.resolve(BUILD_ARGS_FILE)));
    args.putAll(buildArgs);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_REVISION, revision);
    if (source != null) {
      labels.put(LABEL_SOURCE, source);
    }
    labels.put(LABEL_CHANGE, Integer.toString(lane.change()));
    labels.put(LABEL_PATCHSET, Integer.toString(lane.patchset()));
    labels.put(LaneNames.LABEL_PLATFORM, lane.platform().name());

    List<Map<String, Object>> built = new ArrayList<>();
    DockerClient docker = engine.connect(context.environment());
    try {
      for (String name : names) {
        ImageReference reference = LaneNames.imageReference(lane.platform(), name, tag);
        String id = builder.build(docker, name, reference, args, labels);
        context.out().println(reference);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("name", name);
        image.put("reference", reference.toString());
        image.put("id", id);
        built.add(image);
      }
    } finally {
      DockerEngine.close(docker);
    }
    ResultFile.write(common.result, Map.of("images", built), Map.of());
    return ExitCodes.OK;
  }
}
