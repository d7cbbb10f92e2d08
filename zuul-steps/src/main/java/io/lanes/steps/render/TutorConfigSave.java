package io.lanes.steps.render;

import io.lanes.steps.Executables;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.PlatformPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Regenerates a Tutor env before render: where the Tutor root holds Tutor's {@code config.yml} and {@code tutor} is
 * on {@code PATH} (a Zuul node), runs {@code tutor --root ROOT config save}. Without {@code tutor} the committed
 * {@code env/} is rendered as it is, with a warning.
 */
final class TutorConfigSave {
  static final String CONFIG_FILE = "config.yml";
  static final long TIMEOUT_SECONDS = 300;

  private TutorConfigSave() {}

  /** Runs Tutor when it applies; a warning when it should but cannot, else empty. */
  static Optional<String> runIfPresent(Path root, Map<String, String> environment) {
    if (!Files.isRegularFile(root.resolve(CONFIG_FILE))) {
      return Optional.empty();
    }
    Optional<Path> tutor = Executables.onPath("tutor", environment);
    if (tutor.isEmpty()) {
      return Optional.of(
          root.resolve(CONFIG_FILE) + " is there but tutor is not on PATH: rendered the committed env/ as it is");
    }
    try {
      Path log = Files.createTempFile("lanes-tutor-", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(List.of(tutor.get().toString(), "--root", root.toString(), "config", "save"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The platform's own plugins (<root>/plugins) are Tutor's plugins root; the rest of the JVM's environment stays.
        PlatformPlugins.environment(root, Map.of()).forEach(builder.environment()::put);
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw StepException.failure("tutor config save in " + root + " did not finish in " + TIMEOUT_SECONDS + " s", null);
        }
        if (process.exitValue() != 0) {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
          throw StepException.configuration(
              "tutor config save in " + root + " failed (exit " + process.exitValue() + "):\n" + tail);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw StepException.failure("cannot run tutor config save in " + root + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while tutor config save ran in " + root, e);
    }
    return Optional.empty();
  }
}
