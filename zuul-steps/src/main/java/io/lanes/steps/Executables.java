package io.lanes.steps;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds programs the way a shell does, on the step's own {@code PATH}. */
public final class Executables {
  private Executables() {}

  /** The first executable {@code name} on the environment's {@code PATH}. */
  public static Optional<Path> onPath(String name, Map<String, String> environment) {
    for (String directory : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
