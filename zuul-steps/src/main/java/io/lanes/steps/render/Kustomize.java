package io.lanes.steps.render;

import io.lanes.steps.Executables;
import io.lanes.steps.StepException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code kubectl kustomize} on a kustomize tree, as it is: the platform's tree is never written to.
 * (Kustomize's {@code buildMetadata: [originAnnotations]} would name each object's source file, but costs about a
 * fifth more kustomize time on a large platform; {@link SourceIndex} finds the sources instead, while kustomize
 * runs.)
 */
public final class Kustomize {
  /** The files kustomize accepts as a kustomization. */
  public static final List<String> KUSTOMIZATION_FILES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  /** How long kustomize may run. */
  static final long TIMEOUT_SECONDS = 300;

  /**
   * The address space kustomize may use (the shell's {@code ulimit -v}), in KiB: 2 GiB, ten times what a large
   * platform's env needs. An alias bomb in the env then ends in about a second with Go's out-of-memory error instead
   * of exhausting the node.
   */
  static final long MEMORY_LIMIT_KIB = 2L * 1024 * 1024;

  /** The most kustomize may write (the shell's {@code ulimit -f}), in KiB: 64 MiB of rendered objects. */
  static final long OUTPUT_LIMIT_KIB = 64L * 1024;

  /** The most characters of kustomize's error a message shows: it may echo a value of the env. */
  private static final int MAX_MESSAGE = 1000;

  /** Runs kubectl under the limits: {@code $0} is kubectl, {@code $1} the tree. */
  private static final String LIMITED =
      "ulimit -v " + MEMORY_LIMIT_KIB + " && ulimit -f " + OUTPUT_LIMIT_KIB + " && exec \"$0\" kustomize \"$1\"";

  private static final Pattern KLOG_ERROR = Pattern.compile("err=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Path kubectl;

  private Kustomize(Path kubectl) {
    this.kubectl = kubectl;
  }

  /**
   * The kubectl named by {@code flag}, else the first {@code kubectl} on {@code PATH}; a configuration error saying
   * so when there is none.
   */
  public static Kustomize locate(Optional<Path> flag, Map<String, String> environment) {
    if (flag.isPresent()) {
      Path file = flag.get();
      if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
        throw StepException.configuration("--kubectl " + file + ": not an executable file");
      }
      return new Kustomize(file);
    }
    Optional<Path> found = Executables.onPath("kubectl", environment);
    if (found.isPresent()) {
      return new Kustomize(found.get());
    }
    throw StepException.configuration(
        "kubectl not found on PATH: render runs `kubectl kustomize`; install kubectl or give --kubectl FILE");
  }

  /** The kubectl this runs. */
  public Path kubectl() {
    return kubectl;
  }

  /** The kustomization file of {@code tree}, or a configuration error naming the tree. */
  public static Path kustomization(Path tree) {
    if (!Files.isDirectory(tree)) {
      throw StepException.configuration(tree + ": no such directory (the platform's Tutor env)");
    }
    for (String name : KUSTOMIZATION_FILES) {
      Path file = tree.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw StepException.configuration(
        tree + ": no kustomization.yml (is it a Tutor env? `tutor config save` writes one)");
  }

  /**
   * What kustomize printed for a tree.
   *
   * @param yaml the rendered objects, one YAML document each
   * @param base the tree kustomize ran on
   */
  public record Output(String yaml, Path base) {}

  /**
   * The rendered objects of {@code tree}; kustomize's own error, cleaned, when it fails. Kustomize runs under a
   * memory limit ({@value #MEMORY_LIMIT_KIB} KiB), an output limit ({@value #OUTPUT_LIMIT_KIB} KiB) and a time limit
   * ({@value #TIMEOUT_SECONDS} s), each a one-line error naming the tree and the limit.
   */
  public Output build(Path tree) {
    kustomization(tree);
    try {
      return new Output(run(tree), tree);
    } catch (IOException e) {
      throw StepException.failure("cannot run kustomize on " + tree + ": " + e.getMessage(), e);
    }
  }

  private String run(Path tree) throws IOException {
    // kustomize's output goes to files, not pipes: no reader threads to schedule, no pipe to fill up
    Path stdout = Files.createTempFile("lanes-kustomize-", ".yaml");
    Path stderr = Files.createTempFile("lanes-kustomize-", ".log");
    try {
      Process process =
          new ProcessBuilder("/bin/sh", "-c", LIMITED, kubectl.toString(), tree.toString())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw StepException.failure("kustomize on " + tree + " did not finish in " + TIMEOUT_SECONDS + " s", null);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw StepException.failure("interrupted while kustomize ran on " + tree, e);
      }
      if (process.exitValue() != 0) {
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        if (log.contains("fatal error: out of memory") || log.contains("runtime: out of memory")) {
          throw StepException.configuration(
              tree + ": kustomize ran out of its memory limit of " + MEMORY_LIMIT_KIB / 1024
                  + " MiB (YAML aliases that expand without end, or an env far larger than a platform's)");
        }
        if (log.contains("file too large")) {
          throw StepException.configuration(
              tree + ": kustomize's output passed its limit of " + OUTPUT_LIMIT_KIB / 1024 + " MiB");
        }
        String message = clean(log);
        if (message.length() > MAX_MESSAGE) {
          message = message.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)";
        }
        throw StepException.configuration(tree + ": kustomize failed: " + message);
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  /** Kustomize's message without klog's prefix, its first line only. */
  static String clean(String stderr) {
    Matcher matcher = KLOG_ERROR.matcher(stderr);
    String message;
    if (matcher.find()) {
      message = matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
    } else {
      message = stderr.strip().replaceFirst("^Error: ", "");
    }
    message = message.replaceFirst("': must build at directory: .*$", "'");
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
