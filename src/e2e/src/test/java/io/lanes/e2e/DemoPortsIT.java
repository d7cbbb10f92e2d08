package io.lanes.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README's main job refuses to start when a port of its block is taken, before it builds or starts anything. */
@DisplayName("demo.sh: a taken port is named before anything starts")
class DemoPortsIT {
  private final Path root = Path.of("../..").toAbsolutePath().normalize();

  @Test
  @DisplayName("a port another process listens on: exit 2 naming its variable and port, no service started")
  void takenPortNamedBeforeAnythingStarts(@TempDir Path services) throws Exception {
    try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(holder.getLocalPort());
      ProcessBuilder demo = new ProcessBuilder("bash", root.resolve("src/scripts/demo.sh").toString())
          .directory(root.toFile())
          .redirectErrorStream(true);
      demo.environment().put("LANES_DEMO_SKIP_BUILD", "1");
      demo.environment().put("LANES_SERVICES_DIR", services.toString());
      demo.environment().put("LANES_MONGODB_PORT", port);
      Process process = demo.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the demo stops at once; output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as(output).isEqualTo(2);
      assertThat(output).contains("demo: ports already in use").contains("LANES_MONGODB_PORT=" + port)
          .contains("nothing was started").doesNotContain("starting");
      try (var left = Files.list(services)) {
        assertThat(left).as("the services directory").isEmpty();
      }
    }
  }
}
