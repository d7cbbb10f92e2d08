package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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

  private static final int LAST_LINES = 15;

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
    List<String> names = imageNames();
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
        String id = build(docker, name, reference, args, labels);
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

  private List<String> imageNames() {
    if (!Files.isDirectory(buildDir)) {
      throw StepException.configuration("--build-dir " + buildDir + ": no such directory");
    }
    List<String> all;
    try (Stream<Path> children = Files.list(buildDir)) {
      all =
          children
              .filter(child -> Files.isRegularFile(child.resolve("Dockerfile")))
              .map(child -> child.getFileName().toString())
              .sorted()
              .toList();
    } catch (IOException e) {
      throw StepException.configuration("--build-dir " + buildDir + ": cannot list: " + e.getMessage(), e);
    }
    if (images == null || images.isEmpty()) {
      if (all.isEmpty()) {
        throw StepException.configuration(buildDir + ": no image (no subdirectory holds a Dockerfile)");
      }
      return all;
    }
    for (String name : images) {
      if (!all.contains(name)) {
        throw StepException.configuration(
            "--image " + name + ": no " + buildDir.resolve(name).resolve("Dockerfile") + " (images: " + all + ")");
      }
    }
    return images;
  }

  private String build(
      DockerClient docker,
      String name,
      ImageReference reference,
      Map<String, String> args,
      Map<String, String> labels) {
    PrintWriter log = context.err();
    log.printf("build-image: %s from %s%n", reference, buildDir.resolve(name));
    log.flush();
    BuildImageCmd command =
        docker.buildImageCmd(buildDir.resolve(name).toFile())
            .withTags(Set.of(reference.toString()))
            .withForcerm(true)
            .withPull(false)
            .withLabels(labels);
    args.forEach(command::withBuildArg);
    BuildLog buildLog = new BuildLog(log, name);
    try {
      return command.exec(buildLog).awaitImageId();
    } catch (RuntimeException e) {
      throw StepException.failure(buildLog.failure(reference, DockerEngine.message(e)), e);
    }
  }

  /** Streams the build's output to stderr, remembering the current step and the last lines for a failure. */
  private static final class BuildLog extends BuildImageResultCallback {
    private final PrintWriter log;
    private final String name;
    private final Deque<String> last = new ArrayDeque<>();
    private String step = "";

    BuildLog(PrintWriter log, String name) {
      this.log = log;
      this.name = name;
    }

    @Override
    public void onNext(BuildResponseItem item) {
      if (item.getStream() != null) {
        item.getStream().lines().filter(line -> !line.isBlank()).forEach(this::line);
      }
      super.onNext(item);
    }

    private void line(String line) {
      if (line.matches("(?i)step \\d+/\\d+ ?:.*")) {
        step = line.strip();
        last.clear();
      }
      last.addLast(line);
      if (last.size() > LAST_LINES) {
        last.removeFirst();
      }
      log.println("  " + name + " | " + line);
      log.flush();
    }

    String failure(ImageReference reference, String error) {
      StringBuilder message = new StringBuilder("build of " + reference + " failed");
      if (!step.isEmpty()) {
        message.append(" at ").append(step);
      }
      message.append(": ").append(error.replace("Could not build image: ", ""));
      if (!last.isEmpty()) {
        message.append("\nlast lines of the build:");
        last.forEach(line -> message.append("\n  ").append(line));
      }
      return message.toString();
    }
  }
}
