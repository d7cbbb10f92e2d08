package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import io.lanes.core.image.ImageReference;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds a platform's images from its build directory (one image per subdirectory holding a Dockerfile) through a
 * Docker-compatible engine, streaming each build's output to stderr; a failed build is one error naming the image,
 * the build step it stopped at and its last lines.
 */
final class ImageBuilder {
  private final Path buildDir;
  private final PrintWriter log;

  ImageBuilder(Path buildDir, PrintWriter log) {
    this.buildDir = buildDir;
    this.log = log;
  }

  /**
   * The images to build: {@code selected} (each checked to have a Dockerfile), or every subdirectory with one when
   * none is selected. A missing build directory or an unknown image is a configuration error naming it.
   */
  List<String> imageNames(List<String> selected) {
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
    if (selected == null || selected.isEmpty()) {
      if (all.isEmpty()) {
        throw StepException.configuration(buildDir + ": no image (no subdirectory holds a Dockerfile)");
      }
      return all;
    }
    for (String name : selected) {
      if (!all.contains(name)) {
        throw StepException.configuration(
            "--image " + name + ": no " + buildDir.resolve(name).resolve("Dockerfile") + " (images: " + all + ")");
      }
    }
    return selected;
  }

  /**
   * Builds image {@code name} as {@code reference} with the build arguments and labels; returns the image id. Never
   * from the engine's layer cache: buildah's cache key leaves out build-argument values an instruction other than
   * {@code RUN} uses (buildah issues 4367 and 5501), so a cached layer would carry another build's value.
   */
  String build(
      DockerClient docker, String name, ImageReference reference, Map<String, String> args, Map<String, String> labels) {
    log.printf("build-image: %s from %s%n", reference, buildDir.resolve(name));
    log.flush();
    BuildImageCmd command =
        docker.buildImageCmd(buildDir.resolve(name).toFile())
            .withTags(Set.of(reference.toString()))
            .withForcerm(true)
            .withNoCache(true)
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
}
