package io.lanes.steps.tutor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.Executables;
import io.lanes.steps.StepException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs a Tutor {@code do} job with Tutor as the source of truth: the helper {@code lanes_tutor_tasks.py --do} parses
 * the job's arguments with the job's own click command and runs its callback inside Tutor, with Lanes as the task
 * runner: each task the job yields comes back rendered, one at a time, and Tutor waits until Lanes has run it. The
 * request (job and arguments, a secret value included) goes to the helper on its stdin, never in a process's argv.
 */
public final class TutorDoJobs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TutorDoJobs() {}

  /**
   * Runs {@code job} with {@code args} through the {@code tutor} on {@code PATH}; {@code runner} runs each task (a
   * {@link StepException} from it stops the job, and is thrown again here).
   *
   * @param log where the helper's own output goes (Tutor's messages, a job's local work), each line passed through
   *     {@code redact} first
   * @return the tasks the job yielded, in order, each run by {@code runner}
   * @throws StepException exit 2 when Tutor refuses the arguments (before any task), exit 1 when the job fails
   */
  public static List<DoTask> run(
      Path root,
      Map<String, String> environment,
      String job,
      List<String> args,
      Consumer<DoTask> runner,
      PrintWriter log,
      UnaryOperator<String> redact) {
    Path tutor = Executables.onPath("tutor", environment).orElseThrow(() -> StepException.configuration(
        root.resolve("config.yml") + ": a Tutor project, but tutor is not on PATH: do runs Tutor's jobs through Tutor"
            + " (install it with: bash src/scripts/tutor.sh install)"));
    Path dir = null;
    Process process = null;
    List<DoTask> tasks = new ArrayList<>();
    try {
      dir = Files.createTempDirectory("lanes-tutor-do-");
      Path helper = TutorTasks.copyHelper(dir);
      ProcessBuilder builder = new ProcessBuilder(List.of(
          TutorTasks.python(tutor).toString(), helper.toString(), "--root", root.toAbsolutePath().toString(), "--do"));
      builder.environment().clear();
      builder.environment().putAll(PlatformPlugins.environment(root, environment));
      process = builder.start();
      List<String> stderr = new ArrayList<>();
      Thread errors = drain(process, line -> {
        String shown = redact.apply(line);
        synchronized (stderr) {
          stderr.add(shown);
        }
        log.println("do: tutor: " + shown);
        log.flush();
      });
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("job", job);
      request.put("args", args);
      Writer toHelper = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      toHelper.write(JSON.writeValueAsString(request) + "\n");
      toHelper.flush();
      BufferedReader fromHelper = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StepException failed = null;
      String line;
      while ((line = fromHelper.readLine()) != null) {
        JsonNode message = JSON.readTree(line);
        if (message.has("done")) {
          break;
        }
        JsonNode task = message.path("task");
        DoTask doTask = new DoTask(tasks.size() + 1, task.path("service").asText(), task.path("script").asText(),
            task.path("script_sha256").asText());
        tasks.add(doTask);
        try {
          runner.accept(doTask);
          toHelper.write("{\"ok\": true}\n");
        } catch (StepException e) {
          failed = e;
          toHelper.write(JSON.writeValueAsString(Map.of("ok", false, "error", "task " + doTask.order() + " failed")) + "\n");
        }
        toHelper.flush();
      }
      toHelper.close();
      if (!process.waitFor(TutorTasks.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw StepException.failure("Tutor's do " + job + " did not end " + TutorTasks.TIMEOUT_SECONDS + " s after its last task", null);
      }
      errors.join(TimeUnit.SECONDS.toMillis(5));
      if (failed != null) {
        throw failed;
      }
      int exit = process.exitValue();
      if (exit != 0) {
        String last;
        synchronized (stderr) {
          last = stderr.isEmpty() ? "(no output)" : stderr.get(stderr.size() - 1).replaceFirst("^lanes-tutor: ", "");
        }
        throw exit == 2 ? StepException.configuration(last) : StepException.failure("Tutor's do " + job + " failed (exit " + exit + "): " + last, null);
      }
      return List.copyOf(tasks);
    } catch (IOException e) {
      throw StepException.failure("cannot run Tutor's do " + job + " for " + root + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while running Tutor's do " + job, e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      if (dir != null) {
        dir.resolve(TutorTasks.HELPER).toFile().delete();
        dir.toFile().delete();
      }
    }
  }

  private static Thread drain(Process process, Consumer<String> lines) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.accept(line);
        }
      } catch (IOException e) {
        // the helper is gone: its exit code says what happened
      }
    }, "tutor-do-stderr");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
