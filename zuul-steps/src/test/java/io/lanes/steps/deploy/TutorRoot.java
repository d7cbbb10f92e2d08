package io.lanes.steps.deploy;

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

/** A git work tree holding a copy of the sample platform's Tutor env (src/sample-platform/env), for deploy tests. */
final class TutorRoot {
  static final Path SAMPLE = Path.of("../src/sample-platform");
  static final String CONFIG = SAMPLE.resolve("lanes.config").toString();
  static final String NAMESPACE = "openedx-acme";

  /** The PATH the tests give the step: where kubectl is on this project's machines. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  final Path root;

  private TutorRoot(Path root) {
    this.root = root;
  }

  /** A new work tree in {@code dir} with the sample env committed. */
  static TutorRoot create(Path dir) {
    Path source = SAMPLE.resolve("env");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = dir.resolve("env").resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
      Git.init().setDirectory(dir.toFile()).setInitialBranch("platform/acme").call().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
    TutorRoot tutorRoot = new TutorRoot(dir);
    tutorRoot.commit("sample env");
    return tutorRoot;
  }

  /** Replaces {@code from} by {@code to} in an env file and commits; the new commit's id. */
  String change(String file, String from, String to) {
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

  String commit(String message) {
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

  /** The sample map's target of platform acme. */
  static Target target() {
    PlatformMap map = PlatformMapOptions.parse(CONFIG, PlatformMapOptions.readFile(Path.of(CONFIG)));
    return map.target(map.platform("acme").orElseThrow());
  }
}
