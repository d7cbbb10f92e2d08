package io.lanes.steps.testing;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.steps.config.PlatformMapOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A git work tree holding a copy of a hand-written kustomize env (src/test/resources/deploy-env, in the shape of a
 * Tutor env, small enough to edit object by object) and the sample map, with platform acme's namespace renamed so that
 * tests sharing one real cluster never meet. Still used by the status, backup install, render live diff and preview
 * tests; deploy's own tests use the real Tutor sample ({@link RealTutor#sampleProject}) and change it through Tutor.
 */
public final class TutorRoot {
  public static final Path SAMPLE = Path.of("../src/sample-platform");
  /** The hand-written env this work tree copies. */
  public static final Path FIXTURE = Path.of("src/test/resources/deploy-env");
  /** The sample's namespace of platform acme, renamed in each copy. */
  public static final String SAMPLE_NAMESPACE = "openedx-acme";

  public final Path root;
  /** The map file of this copy: the sample map with acme's namespace renamed. */
  public final String config;
  /** Platform acme's namespace in this copy. */
  public final String namespace;

  private TutorRoot(Path root, String config, String namespace) {
    this.root = root;
    this.config = config;
    this.namespace = namespace;
  }

  /** A new work tree in {@code dir} with the fixture env committed, platform acme living in {@code namespace}. */
  public static TutorRoot create(Path dir, String namespace) {
    Path source = FIXTURE.resolve("env");
    Path config = dir.resolve("lanes.config");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = dir.resolve("env").resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.writeString(target, Files.readString(path).replace(SAMPLE_NAMESPACE, namespace));
        }
      }
      Files.writeString(config, Files.readString(SAMPLE.resolve("lanes.config"))
          .replace("namespace = " + SAMPLE_NAMESPACE + "\n", "namespace = " + namespace + "\n"));
      Git.init().setDirectory(dir.toFile()).setInitialBranch("platform/acme").call().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    TutorRoot tutorRoot = new TutorRoot(dir, config.toString(), namespace);
    tutorRoot.commit("fixture env");
    return tutorRoot;
  }

  /** Replaces {@code from} by {@code to} in an env file and commits; the new commit's id. */
  public String change(String file, String from, String to) {
    try {
      Path path = root.resolve("env").resolve(file);
      String text = Files.readString(path);
      if (!text.contains(from)) {
        throw new IllegalArgumentException(file + " does not contain " + from);
      }
      Files.writeString(path, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit("change " + file);
  }

  /** Writes {@code yaml} to a new file of the env, lists it in the kustomization's resources, and commits. */
  public String addResource(String file, String yaml) {
    try {
      Path env = root.resolve("env");
      Files.writeString(env.resolve(file), yaml);
      Path kustomization = env.resolve("kustomization.yml");
      Files.writeString(
          kustomization, Files.readString(kustomization).replace("resources:\n", "resources:\n- " + file + "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit("add " + file);
  }

  public String commit(String message) {
    try (Git git = Git.open(root.toFile())) {
      git.add().addFilepattern(".").call();
      RevCommit commit = git.commit().setMessage(message).setAuthor("Test", "test@example.org")
          .setCommitter("Test", "test@example.org").setSign(false).call();
      return commit.name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This copy's target of platform acme. */
  public Target target() {
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    return map.target(map.platform("acme").orElseThrow());
  }
}
