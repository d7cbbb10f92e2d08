package io.lanes.steps.tutor;

import io.lanes.steps.Executables;
import io.lanes.steps.Sha256;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one engine that runs {@code tutor config save} on a platform's Tutor project: render runs it in place (the env
 * it renders is Tutor's), deploy runs it on a copy of the project's sources ({@code config.yml} and the platform's own
 * {@code plugins/}) and refuses an {@code env/} that differs from what Tutor writes ({@link #check}), so no hand-edited
 * env reaches a namespace.
 */
public final class TutorEnv {
  /** Tutor's settings file at the root of a Tutor project. */
  public static final String CONFIG_FILE = "config.yml";
  /** The directory Tutor writes. */
  public static final String ENV_DIRECTORY = "env";
  static final long TIMEOUT_SECONDS = 300;
  /** How many differing files an error names. */
  static final int NAMED = 5;

  private TutorEnv() {}

  /** One file where the committed env and Tutor's differ. */
  public record Difference(String path, Kind kind) {
    /** How a file differs. */
    public enum Kind {
      /** Tutor writes it with other content. */
      CHANGED("changed"),
      /** Tutor writes it; the env has no such file. */
      MISSING("missing"),
      /** The env has it; Tutor does not write it (a hand-added file, or one left from an earlier save). */
      EXTRA("not written by Tutor");

      private final String word;

      Kind(String word) {
        this.word = word;
      }
    }

    @Override
    public String toString() {
      return path + " (" + kind.word + ")";
    }
  }

  /** The {@code tutor} on {@code PATH}; empty when there is none. */
  public static Optional<Path> tutor(Map<String, String> environment) {
    return Executables.onPath("tutor", environment);
  }

  /**
   * Runs {@code tutor --root ROOT config save} with {@code tutor}, in {@code environment} with the platform's own
   * plugins ({@link PlatformPlugins}); it writes {@code ROOT/env} (and fills in {@code ROOT/config.yml}'s generated
   * values, as Tutor does).
   *
   * @throws StepException exit 2 with Tutor's last lines when Tutor refuses the project, exit 1 when it cannot run
   */
  public static void save(Path tutor, Path root, Map<String, String> environment) {
    try {
      Path log = Files.createTempFile("lanes-tutor-", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(List.of(tutor.toString(), "--root", root.toString(), "config", "save"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(PlatformPlugins.environment(root, environment));
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
  }

  /**
   * Checks that {@code root}'s {@code env/} is exactly what {@code tutor config save} writes from its {@code
   * config.yml} and its own {@code plugins/}: Tutor runs on a copy of those in a temporary directory (the project is
   * not written to), and every file of both envs is compared byte for byte.
   *
   * @return how many files the env holds
   * @throws StepException exit 2 naming the first differing files and the command that writes the env; exit 2 or 1
   *     when Tutor cannot save the copy ({@link #save})
   */
  public static int check(Path tutor, Path root, Map<String, String> environment) {
    Path copy = null;
    try {
      copy = Files.createTempDirectory("lanes-tutor-env-");
      Files.copy(root.resolve(CONFIG_FILE), copy.resolve(CONFIG_FILE));
      Path plugins = root.resolve(PlatformPlugins.DIRECTORY);
      if (Files.isDirectory(plugins)) {
        copyTree(plugins, copy.resolve(PlatformPlugins.DIRECTORY));
      }
      save(tutor, copy, environment);
      SortedMap<String, String> committed = digests(root.resolve(ENV_DIRECTORY));
      List<Difference> differences = differences(committed, digests(copy.resolve(ENV_DIRECTORY)));
      if (!differences.isEmpty()) {
        // Tutor writes config.yml too: values it generates (secrets) that the committed one lacks differ on every save
        boolean configFilled = !Arrays.equals(
            Files.readAllBytes(root.resolve(CONFIG_FILE)), Files.readAllBytes(copy.resolve(CONFIG_FILE)));
        throw StepException.configuration(refusal(root, differences, configFilled));
      }
      return committed.size();
    } catch (IOException e) {
      throw StepException.failure("cannot compare " + root.resolve(ENV_DIRECTORY) + " with what Tutor writes: " + e.getMessage(), e);
    } finally {
      if (copy != null) {
        delete(copy);
      }
    }
  }

  /**
   * The files where {@code committed} and {@code written} (each a file's path under {@code env/} to its content's
   * digest) differ, in path order. Pure.
   */
  public static List<Difference> differences(Map<String, String> committed, Map<String, String> written) {
    TreeSet<String> paths = new TreeSet<>(committed.keySet());
    paths.addAll(written.keySet());
    List<Difference> differences = new ArrayList<>();
    for (String path : paths) {
      String ours = committed.get(path);
      String tutors = written.get(path);
      if (ours == null) {
        differences.add(new Difference(path, Difference.Kind.MISSING));
      } else if (tutors == null) {
        differences.add(new Difference(path, Difference.Kind.EXTRA));
      } else if (!ours.equals(tutors)) {
        differences.add(new Difference(path, Difference.Kind.CHANGED));
      }
    }
    return differences;
  }

  /** The files {@code differences} names first, {@code env/...}, at most {@value #NAMED}, and how many more. Pure. */
  public static String named(List<Difference> differences) {
    List<String> named = differences.stream().limit(NAMED).map(d -> ENV_DIRECTORY + "/" + d).toList();
    return String.join(", ", named)
        + (differences.size() > NAMED ? " and " + (differences.size() - NAMED) + " more" : "");
  }

  /**
   * The one error deploy gives for an env Tutor does not write. Pure.
   *
   * @param configFilled whether Tutor wrote {@code config.yml} otherwise too (it fills in values it generates)
   */
  static String refusal(Path root, List<Difference> differences, boolean configFilled) {
    return root.resolve(ENV_DIRECTORY) + " is not what tutor config save writes from " + CONFIG_FILE
        + " and plugins/: " + differences.size() + (differences.size() == 1 ? " file differs: " : " files differ: ")
        + named(differences) + "; nothing was applied. Write the env with Tutor and commit it"
        + (configFilled ? " (and " + CONFIG_FILE + ", which Tutor writes otherwise too: it fills in the values it generates)" : "")
        + ": cd " + root + " && rm -rf env && TUTOR_PLUGINS_ROOT=$PWD/plugins tutor --root . config save";
  }

  /** Every file under {@code dir} (relative, {@code /}-separated) to its content's SHA-256; empty when no such dir. */
  public static SortedMap<String, String> digests(Path dir) throws IOException {
    SortedMap<String, String> digests = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return digests;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        digests.put(dir.relativize(path).toString().replace('\\', '/'), Sha256.of(Files.readAllBytes(path)));
      }
    }
    return digests;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path to = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(to);
        } else {
          Files.copy(path, to);
        }
      }
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
