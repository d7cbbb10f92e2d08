package io.lanes.steps.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample platform (src/sample-platform, a real Tutor project): its env/, written by Tutor, copied where a test may change it. */
final class SamplePlatform {
  static final Path ROOT = Path.of("../src/sample-platform");
  static final String CONFIG = ROOT.resolve("lanes.config").toString();

  /** The PATH the tests give the step: where kubectl is on this project's machines. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private SamplePlatform() {}

  /** Copies the sample's env/ into {@code tutorRoot}/env and returns {@code tutorRoot}. */
  static Path copyTo(Path tutorRoot) {
    Path source = ROOT.resolve("env");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = tutorRoot.resolve("env").resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tutorRoot;
  }

  /** Appends {@code yaml} to a file of the copied env and lists the file in the kustomization's resources. */
  static void addResource(Path tutorRoot, String file, String yaml) throws IOException {
    Path env = tutorRoot.resolve("env");
    Files.writeString(env.resolve(file), yaml);
    Path kustomization = env.resolve("kustomization.yml");
    Files.writeString(
        kustomization, Files.readString(kustomization).replace("resources:\n", "resources:\n- " + file + "\n"));
  }
}
