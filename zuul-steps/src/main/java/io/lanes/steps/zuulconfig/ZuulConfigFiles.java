package io.lanes.steps.zuulconfig;

import io.lanes.core.text.InputText;
import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.ZuulYaml;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a {@code zuul.d} directory as Zuul does: every {@code *.yaml} file below it, recursively, in sorted order.
 * Files ending in {@code .yml} are what Zuul silently ignores: they become warnings.
 */
public final class ZuulConfigFiles {
  /** The parsed files, the problems found while reading, and the warnings. */
  public record Read(List<ZuulConfigCheck.ParsedFile> files, List<Problem> problems, List<Problem> warnings) {}

  private ZuulConfigFiles() {}

  /** Reads {@code directory}; a missing directory or one with no {@code *.yaml} file is a configuration error. */
  public static Read read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw StepException.configuration(directory + ": no such directory");
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw StepException.configuration(directory + ": cannot read: " + e.getMessage(), e);
    }
    List<ZuulConfigCheck.ParsedFile> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Problem> warnings = new ArrayList<>();
    for (Path path : paths) {
      String name = path.getFileName().toString();
      if (name.endsWith(".yml")) {
        warnings.add(new Problem(path.toString(), 0, "warning: ignored: Zuul reads only *.yaml files"));
      }
      if (!name.endsWith(".yaml")) {
        continue;
      }
      String text;
      try {
        long size = Files.size(path);
        if (size > InputText.MAX_YAML_CHARACTERS) {
          problems.add(
              new Problem(
                  path.toString(),
                  0,
                  "too large: " + size + " bytes, more than the limit of " + InputText.MAX_YAML_CHARACTERS));
          files.add(new ZuulConfigCheck.ParsedFile(path.toString(), java.util.Optional.empty()));
          continue;
        }
        text = InputText.decode(Files.readAllBytes(path));
      } catch (IOException e) {
        problems.add(new Problem(path.toString(), 0, "cannot read: " + e.getMessage()));
        continue;
      }
      ZuulYaml.Result result = ZuulYaml.read(path.toString(), text);
      problems.addAll(result.problems());
      files.add(new ZuulConfigCheck.ParsedFile(path.toString(), result.document()));
    }
    if (files.isEmpty()) {
      throw StepException.configuration(directory + ": no *.yaml file (Zuul reads only *.yaml)");
    }
    return new Read(files, problems, warnings);
  }
}
