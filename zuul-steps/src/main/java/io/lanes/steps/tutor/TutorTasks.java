package io.lanes.steps.tutor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.Executables;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a platform's init tasks from Tutor itself, so Tutor and its plugins stay the one source of truth: Tutor's
 * hooks are Python, so the helper {@code lanes_tutor_tasks.py} (a resource of this jar) runs with the Python of the
 * {@code tutor} on {@code PATH} (the interpreter its launcher script names), boots Tutor on the project as Tutor's
 * CLI does and prints the tasks, rendered, as JSON. Applies where the Tutor root holds {@code config.yml} and
 * {@code tutor} is on {@code PATH}, the same condition under which render runs {@code tutor config save}.
 */
public final class TutorTasks {
  static final String HELPER = "lanes_tutor_tasks.py";
  static final long TIMEOUT_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TutorTasks() {}

  /** Whether {@code root} is a Tutor project (holds Tutor's {@code config.yml}). */
  public static boolean isTutorProject(Path root) {
    return Files.isRegularFile(root.resolve(TutorEnv.CONFIG_FILE));
  }

  /**
   * The project at {@code root} as Tutor reads it; empty when {@code root} is no Tutor project or no {@code tutor} is
   * on {@code PATH} (the caller warns: the env's Jobs are then applied as they are).
   *
   * @throws StepException exit 2 naming the root when Tutor cannot load the project, exit 1 when the helper cannot run
   */
  public static Optional<TutorProject> read(Path root, Map<String, String> environment) {
    return helper(root, environment, List.of(), "reading Tutor's init tasks").map(json -> parse(json, root));
  }

  /**
   * Runs the helper on the project at {@code root} with {@code args}; its JSON output. Empty when {@code root} is no
   * Tutor project or no {@code tutor} is on {@code PATH}.
   *
   * @param what what the run is for, in errors ({@code reading Tutor's init tasks})
   * @throws StepException exit 2 with the helper's line when Tutor refuses, exit 1 when the helper cannot run
   */
  static Optional<String> helper(Path root, Map<String, String> environment, List<String> args, String what) {
    if (!isTutorProject(root)) {
      return Optional.empty();
    }
    Optional<Path> tutor = Executables.onPath("tutor", environment);
    if (tutor.isEmpty()) {
      return Optional.empty();
    }
    Path python = python(tutor.get());
    Path dir = null;
    try {
      dir = Files.createTempDirectory("lanes-tutor-tasks-");
      Path helper = copyHelper(dir);
      Path out = dir.resolve("tasks.json");
      Path err = dir.resolve("stderr.log");
      List<String> command = new ArrayList<>(List.of(python.toString(), helper.toString(), "--root", root.toAbsolutePath().toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(PlatformPlugins.environment(root, environment));
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw StepException.failure(what + " for " + root + " took over " + TIMEOUT_SECONDS + " s", null);
      }
      if (process.exitValue() != 0) {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        throw process.exitValue() == 2
            ? StepException.configuration(last.replaceFirst("^lanes-tutor: ", ""))
            : StepException.failure(
                what + " for " + root + " with " + python + " failed (exit " + process.exitValue() + "): " + last, null);
      }
      return Optional.of(Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw StepException.failure("cannot run Tutor (" + what + ") for " + root + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while " + what + " for " + root, e);
    } finally {
      if (dir != null) {
        for (String name : List.of(HELPER, "tasks.json", "stderr.log", "")) {
          dir.resolve(name).toFile().delete();
        }
      }
    }
  }

  /** Copies the helper out of the jar into {@code dir}; its path. */
  static Path copyHelper(Path dir) throws IOException {
    Path helper = dir.resolve(HELPER);
    try (InputStream in = TutorTasks.class.getResourceAsStream(HELPER)) {
      if (in == null) {
        throw StepException.failure("the jar has no " + HELPER + " (a broken build)", null);
      }
      Files.copy(in, helper);
    }
    return helper;
  }

  /** The helper's JSON as a project; a failure naming the root when it is not what the helper writes. Pure. */
  static TutorProject parse(String json, Path root) {
    try {
      JsonNode document = JSON.readTree(json);
      List<InitTask> tasks = new ArrayList<>();
      for (JsonNode task : document.path("init")) {
        tasks.add(new InitTask(
            task.path("order").asInt(),
            task.path("app").isNull() ? task.path("service").asText() : task.path("app").asText(),
            required(task, "service"),
            required(task, "script"),
            required(task, "script_sha256")));
      }
      List<String> plugins = new ArrayList<>();
      document.path("plugins").forEach(p -> plugins.add(p.path("name").asText() + " " + p.path("version").asText()));
      List<DoJob> doJobs = new ArrayList<>();
      for (JsonNode job : document.path("do")) {
        List<DoParam> params = new ArrayList<>();
        for (JsonNode p : job.path("params")) {
          List<String> opts = new ArrayList<>();
          p.path("opts").forEach(o -> opts.add(o.asText()));
          params.add(new DoParam(required(p, "name"), "argument".equals(p.path("kind").asText()), p.path("required").asBoolean(),
              p.path("flag").asBoolean(), p.path("multiple").asBoolean(), p.path("secret").asBoolean(),
              p.path("prompt").asBoolean(), List.copyOf(opts)));
        }
        doJobs.add(new DoJob(required(job, "name"), job.path("help").asText(), List.copyOf(params)));
      }
      return new TutorProject(required(document, "tutor"), document.path("openedx_release").asText(), plugins, tasks, doJobs);
    } catch (IOException | IllegalArgumentException e) {
      throw StepException.failure("Tutor's init tasks for " + root + " are not what " + HELPER + " writes: " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("no \"" + field + "\"");
    }
    return value.asText();
  }

  /** The interpreter {@code tutor}'s launcher names ({@code #!/.../venv/bin/python}), else {@code python3} beside it. */
  static Path python(Path tutor) {
    try {
      String first = Files.readAllLines(tutor, StandardCharsets.ISO_8859_1).stream().findFirst().orElse("");
      if (first.startsWith("#!") && first.contains("python") && !first.contains(" ")) {
        return Path.of(first.substring(2).trim());
      }
    } catch (IOException e) {
      // a binary or unreadable launcher: fall through
    }
    return tutor.toAbsolutePath().getParent().resolve("python3");
  }

}
