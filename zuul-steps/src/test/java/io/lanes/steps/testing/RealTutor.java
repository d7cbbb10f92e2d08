package io.lanes.steps.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The real Tutor, pinned in src/scripts/versions.env and installed by src/scripts/tutor.sh into its cached virtualenv
 * (once per machine), and copies of the sample platform's Tutor project (src/sample-platform: config.yml, its own
 * plugins in plugins/, env/) whose env the real {@code tutor config save} writes for a test's namespace.
 */
public final class RealTutor {
  public static final Path SCRIPT = Path.of("../src/scripts/tutor.sh");
  public static final Path SAMPLE = Path.of("../src/sample-platform");
  private static Path bin;

  private RealTutor() {}

  /** The directory of the pinned {@code tutor} (and its venv's {@code python}), installing it on first use. */
  public static synchronized Path bin() {
    if (bin == null) {
      String facts = run(List.of("bash", SCRIPT.toString(), "install"), Path.of("."));
      String tutor = facts.lines().filter(l -> l.startsWith("TUTOR=")).findFirst()
          .orElseThrow(() -> new IllegalStateException("tutor.sh install printed no TUTOR=: " + facts))
          .substring("TUTOR=".length());
      bin = Path.of(tutor).getParent();
    }
    return bin;
  }

  /** Runs {@code tutor --root ROOT ARGS...} with the project's own plugins (ROOT/plugins) as Tutor's plugins root; its stdout. */
  public static String tutor(Path root, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(bin().resolve("tutor").toString(), "--root", root.toString()));
    command.addAll(List.of(args));
    return run(command, root);
  }

  /**
   * Copies the sample Tutor project's sources into {@code dir}: {@code config.yml} and the platform's own plugins
   * ({@code plugins/}), not env/ (Tutor writes it); returns {@code dir}.
   */
  public static Path copySources(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.copy(SAMPLE.resolve("config.yml"), dir.resolve("config.yml"));
      Trees.copy(SAMPLE.resolve("plugins"), dir.resolve("plugins"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tutor's init tasks and do jobs for the project at {@code root}, as src/scripts/tutor.sh tasks prints them (JSON). */
  public static String tasks(Path root) {
    bin();
    return run(List.of("bash", SCRIPT.toString(), "tasks", root.toString()), Path.of("."));
  }

  /**
   * A git work tree in {@code dir} (branch platform/acme) holding a copy of the sample Tutor project (its own plugins too) with its
   * {@code K8S_NAMESPACE} set to {@code namespace}, env/ written by the real {@code tutor config save}, committed;
   * and {@code lanes.config} beside it, the sample map with acme's namespace renamed.
   */
  public static Path sampleProject(Path dir, String namespace) {
    return sampleProject(dir, namespace, "");
  }

  /** {@link #sampleProject(Path, String)} with {@code settings} (lines of {@code config.yml}) added to its config. */
  public static Path sampleProject(Path dir, String namespace, String settings) {
    try {
      copySources(dir);
      Files.writeString(dir.resolve("config.yml"), Files.readString(SAMPLE.resolve("config.yml"))
          .replace("K8S_NAMESPACE: " + TutorRoot.SAMPLE_NAMESPACE + "\n", "K8S_NAMESPACE: " + namespace + "\n")
          + settings);
      Files.writeString(dir.resolve("lanes.config"), Files.readString(TutorRoot.SAMPLE.resolve("lanes.config"))
          .replace("namespace = " + TutorRoot.SAMPLE_NAMESPACE + "\n", "namespace = " + namespace + "\n"));
      tutor(dir, "config", "save");
      Git.init().setDirectory(dir.toFile()).setInitialBranch("platform/acme").call().close();
      try (Git git = Git.open(dir.toFile())) {
        git.add().addFilepattern(".").call();
        git.commit().setMessage("sample Tutor project").setAuthor("Test", "test@example.org")
            .setCommitter("Test", "test@example.org").setSign(false).call();
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The test plugins (src/test/resources/tutor-plugins, see its README.md): test infrastructure, named as such. */
  public static final Path TEST_PLUGINS = Path.of("src/test/resources/tutor-plugins");

  /**
   * Copies the test plugin {@code name} ({@link #TEST_PLUGINS}) into the project's {@code plugins/}, enables it in
   * its {@code config.yml} and lets the real {@code tutor config save} write the env again (not committed).
   */
  public static void enableTestPlugin(Path root, String name) {
    try {
      Files.copy(TEST_PLUGINS.resolve(name + ".py"), root.resolve("plugins").resolve(name + ".py"));
      Path config = root.resolve("config.yml");
      String text = Files.readString(config);
      if (!text.contains("PLUGINS:\n")) {
        throw new IllegalStateException(config + ": no PLUGINS list");
      }
      Files.writeString(config, text.replace("PLUGINS:\n", "PLUGINS:\n- " + name + "\n"));
      tutor(root, "config", "save");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sets the test plugin {@code lanestest_override}'s kustomize patches (Tutor's {@code k8s-override}) to {@code yaml}
   * and lets {@code tutor config save} write the env again (not committed); the plugin must be enabled.
   */
  public static void override(Path root, String yaml) {
    tutor(root, "config", "save", "--set", "LANESTEST_K8S_OVERRIDE=" + quoted(yaml));
  }

  /** Sets the objects the test plugin {@code lanestest_override} adds to the env (Tutor's {@code k8s-services}). */
  public static void extra(Path root, String yaml) {
    tutor(root, "config", "save", "--set", "LANESTEST_K8S_EXTRA=" + quoted(yaml));
  }

  /** {@code text} as a YAML double-quoted string (what {@code tutor config save --set} parses). */
  private static String quoted(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }

  /**
   * Disables {@code plugin} in the project's {@code config.yml} and lets {@code tutor config save} write the env again
   * from scratch: Tutor leaves a disabled plugin's files in env/, and deploy refuses an env holding files Tutor no
   * longer writes (the documented {@code rm -rf env} first).
   */
  public static void disablePlugin(Path root, String plugin) {
    tutor(root, "plugins", "disable", plugin);
    delete(root.resolve("env"));
    tutor(root, "config", "save");
  }

  /** Enables {@code plugin} (installed or in the project's {@code plugins/}) and writes the env again. */
  public static void enablePlugin(Path root, String plugin) {
    tutor(root, "plugins", "enable", plugin);
  }

  /** Commits everything in the project's work tree; the commit's id. */
  public static String commit(Path root, String message) {
    try (Git git = Git.open(root.toFile())) {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org").setSign(false).call().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a tree (for tests that need a clean copy). */
  public static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String run(List<String> command, Path directory) {
    try {
      Path out = Files.createTempFile("lanes-tutor-test-", ".out");
      Path err = Files.createTempFile("lanes-tutor-test-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (Files.isDirectory(directory.resolve("plugins"))) {
          builder.environment().put("TUTOR_PLUGINS_ROOT", directory.resolve("plugins").toAbsolutePath().toString());
        }
        Process process = builder.start();
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + ": did not finish in 600 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": "
              + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
