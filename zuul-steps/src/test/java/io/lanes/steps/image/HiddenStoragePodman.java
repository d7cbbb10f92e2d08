package io.lanes.steps.image;

import io.lanes.steps.testing.LocalService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A second real podman API service (src/services/podman.sh) whose storage this JVM cannot see, as when the engine
 * runs in another container or machine and only its socket is shared: it starts in a private mount namespace with a
 * tmpfs over its storage directory, so the directory its API names is empty here. Needs root (or CAP_SYS_ADMIN) for
 * {@code unshare -m} and {@code mount}, as podman itself does here. Stopped by {@link #close()}.
 */
final class HiddenStoragePodman implements AutoCloseable {
  private final Path servicesDir;
  private final String dockerHost;

  private HiddenStoragePodman(Path servicesDir, String dockerHost) {
    this.servicesDir = servicesDir;
    this.dockerHost = dockerHost;
  }

  /** Starts it with its state under {@code servicesDir} (what {@code LANES_SERVICES_DIR} is to the script). */
  static HiddenStoragePodman start(Path servicesDir) throws IOException, InterruptedException {
    Path storage = Files.createDirectories(servicesDir.resolve("podman/storage"));
    ProcessBuilder starter =
        new ProcessBuilder(
                "unshare", "-m", "--propagation", "private", "bash", "-c",
                "mount -t tmpfs tmpfs \"$1\" && bash \"$2\" start", "hidden-storage-podman", storage.toString(),
                script().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    starter.environment().put("LANES_SERVICES_DIR", servicesDir.toString());
    Process process = starter.start();
    String facts = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("podman in a private mount namespace did not start: " + facts);
    }
    String dockerHost =
        facts.lines()
            .filter(line -> line.startsWith("DOCKER_HOST="))
            .map(line -> line.substring("DOCKER_HOST=".length()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("podman.sh printed no DOCKER_HOST: " + facts));
    return new HiddenStoragePodman(servicesDir, dockerHost);
  }

  String dockerHost() {
    return dockerHost;
  }

  /** Its graph root, as its API names it: an empty directory in this JVM's mount namespace. */
  Path graphRoot() {
    return servicesDir.resolve("podman/storage");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    ProcessBuilder stopper =
        new ProcessBuilder("bash", script().toString(), "stop").redirectError(ProcessBuilder.Redirect.INHERIT);
    stopper.environment().put("LANES_SERVICES_DIR", servicesDir.toString());
    stopper.start().waitFor(1, TimeUnit.MINUTES);
  }

  private static Path script() {
    return LocalService.root().resolve("src/services/podman.sh");
  }
}
