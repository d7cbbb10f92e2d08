package io.lanes.steps.registryconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepRun;
import io.lanes.steps.cli.Main;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import io.lanes.steps.testing.LocalService;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("registry-config against a real Swift (tempauth v1), and a Keystone v3 stand-in in front of it")
class RegistryConfigStepTest {
  @TempDir static Path dir;
  static Map<String, String> swift;

  @BeforeAll
  static void services() {
    swift = LocalService.start("swift");
  }

  private static StepRun run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StepContext context =
        new StepContext(new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), environment);
    int code = Main.run(context, args);
    return new StepRun(code, out.toString(), err.toString());
  }

  private static Map<String, String> canaryEnvironment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", swift.get("SWIFT_AUTH_URL"));
    environment.put("OS_USERNAME", swift.get("SWIFT_CANARY_USER"));
    environment.put("OS_PASSWORD", swift.get("SWIFT_CANARY_KEY"));
    return environment;
  }

  @Test
  @DisplayName("writes a 0600 config a real docker-registry serves from Swift with; the password never shows")
  void writesWorkingConfig() throws Exception {
    String canary = swift.get("SWIFT_CANARY_KEY");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("registry/config.yml");
    Path result = dir.resolve("config-result.json");

    StepRun run =
        run(canaryEnvironment(), "registry-config", "--output", config.toString(), "--container", "lanes-config-test",
            "--listen", "127.0.0.1:" + port, "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(run.out() + run.err() + Files.readString(result)).doesNotContain(canary);
    assertThat(Files.readString(config)).contains("password: \"" + canary + "\"").contains("authversion: 1");

    Process registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    try {
      RegistryClient client = new RegistryClient("http://127.0.0.1:" + port, Duration.ofSeconds(20));
      waitUntilAnswers(client);
      byte[] blob = "a blob stored through the generated config".getBytes(StandardCharsets.UTF_8);
      String digest = ImageManifest.sha256(blob);
      client.uploadBlob("lanes/config-test", digest, blob.length, new ByteArrayInputStream(blob), n -> {});
      assertThat(client.blobSize("lanes/config-test", digest)).contains((long) blob.length);
    } finally {
      registry.destroy();
      registry.waitFor(10, TimeUnit.SECONDS);
    }
    StepRun check =
        run(canaryEnvironment(), "registry-config", "--check", "--container", "lanes-config-test");
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).startsWith("ok: lanes:canary authenticates at " + swift.get("SWIFT_AUTH_URL")
        + "; container lanes-config-test in ");
  }

  @Test
  @DisplayName("--check with a clouds.yaml cloud verifies the credentials and the container, writing nothing")
  void checksCloudsFile() throws Exception {
    createContainer("registry-check");
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(
        clouds,
        """
        clouds:
          local:
            auth:
              auth_url: %s
              username: "%s"
              password: "%s"
        """
            .formatted(swift.get("SWIFT_AUTH_URL"), swift.get("SWIFT_USER"), swift.get("SWIFT_KEY")));

    StepRun run =
        StepRun.of("registry-config", "--check", "--cloud", "local", "--clouds-file", clouds.toString(),
            "--container", "registry-check");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("container registry-check in " + swift.get("SWIFT_STORAGE_URL") + " holds 0 object(s)");
  }

  @Test
  @DisplayName("--check with a wrong password fails (exit 1) saying so, without printing any password")
  void wrongPassword() {
    Map<String, String> environment = canaryEnvironment();
    environment.put("OS_PASSWORD", "wrong-canary-Pw81");

    StepRun run = run(environment, "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Swift auth failed: " + swift.get("SWIFT_AUTH_URL") + " rejected user lanes:canary (HTTP 401):"
            + " check the password in OS_* environment\n");
  }

  @Test
  @DisplayName("--check of a container that does not exist fails (exit 1) naming it and the account")
  void missingContainer() {
    StepRun run = run(canaryEnvironment(), "registry-config", "--check", "--container", "no-such-container");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("container no-such-container does not exist in "
        + swift.get("SWIFT_STORAGE_URL").replace("AUTH_test", "AUTH_lanes")
        + " (create it: openstack container create no-such-container)\n");
  }

  @Test
  @DisplayName("--check against an unreachable auth URL fails (exit 1) naming it")
  void unreachableSwift() {
    Map<String, String> environment = canaryEnvironment();
    environment.put("OS_AUTH_URL", "http://127.0.0.1:1/auth/v1.0");

    StepRun run = run(environment, "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Swift auth http://127.0.0.1:1 unreachable: connection refused\n");
  }

  @Test
  @DisplayName("missing OS_* variables are one configuration error (exit 2) naming each")
  void missingCredentials() {
    StepRun run = run(Map.of("OS_AUTH_URL", "http://127.0.0.1:5000/v3"), "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("OS_* environment: missing OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME (or OS_PROJECT_ID)\n");
  }

  @Test
  @DisplayName("Keystone v3 (a stand-in: JDK HttpServer issuing the real Swift's token) checks, and writes v3 keys")
  void keystoneV3StandIn() throws Exception {
    createContainer("registry-v3");
    String[] token = tempauthToken();
    HttpServer keystone = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keystone.createContext(
        "/v3/auth/tokens",
        exchange -> {
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          // read as JSON, as Keystone does (openstack4j indents its requests)
          JsonNode auth = new ObjectMapper().readTree(body).path("auth");
          boolean ok = auth.path("identity").path("password").path("user").path("password").asText().equals("v3-canary-Pw")
              && auth.path("scope").path("project").path("name").asText().equals("registry-project");
          byte[] answer =
              ok
                  ? ("{\"token\":{\"catalog\":[{\"type\":\"object-store\",\"endpoints\":[{\"interface\":\"public\","
                          + "\"region\":\"RegionOne\",\"url\":\"" + token[1] + "\"}]}]}}")
                      .getBytes(StandardCharsets.UTF_8)
                  : "{\"error\":{\"code\":401}}".getBytes(StandardCharsets.UTF_8);
          if (ok) {
            exchange.getResponseHeaders().add("X-Subject-Token", token[0]);
          }
          exchange.sendResponseHeaders(ok ? 201 : 401, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    keystone.start();
    try {
      Map<String, String> environment = new HashMap<>();
      environment.put("OS_AUTH_URL", "http://127.0.0.1:" + keystone.getAddress().getPort() + "/v3");
      environment.put("OS_USERNAME", "registry");
      environment.put("OS_PASSWORD", "v3-canary-Pw");
      environment.put("OS_PROJECT_NAME", "registry-project");
      environment.put("OS_REGION_NAME", "RegionOne");

      StepRun check = run(environment, "registry-config", "--check", "--container", "registry-v3");
      Path config = dir.resolve("v3.yml");
      StepRun write = run(environment, "registry-config", "--output", config.toString());
      environment.put("OS_PASSWORD", "v3-wrong-Pw");
      StepRun rejected = run(environment, "registry-config", "--check");

      assertThat(check.exitCode()).as(check.err()).isZero();
      assertThat(check.out()).contains("container registry-v3 in " + token[1]);
      assertThat(write.exitCode()).isZero();
      assertThat(Files.readString(config))
          .contains("authversion: 3\n")
          .contains("tenant: \"registry-project\"\n")
          .contains("domain: \"Default\"\n")
          .contains("region: \"RegionOne\"\n");
      assertThat(rejected.exitCode()).isEqualTo(1);
      assertThat(rejected.err()).startsWith("Keystone auth failed: ").contains("rejected user registry in project"
          + " registry-project (HTTP 401)").doesNotContain("Pw");
      assertThat(check.out() + check.err() + write.out() + write.err()).doesNotContain("v3-canary-Pw");
    } finally {
      keystone.stop(0);
    }
  }

  private static void waitUntilAnswers(RegistryClient client) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        client.ping();
        return;
      } catch (RegistryException e) {
        if (i > 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** The real Swift's token and storage URL for the test user. */
  private static String[] tempauthToken() throws Exception {
    HttpResponse<Void> auth =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(swift.get("SWIFT_AUTH_URL")))
                    .header("X-Auth-User", swift.get("SWIFT_USER"))
                    .header("X-Auth-Key", swift.get("SWIFT_KEY"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    return new String[] {
      auth.headers().firstValue("X-Auth-Token").orElseThrow(),
      auth.headers().firstValue("X-Storage-Url").orElseThrow()
    };
  }

  private static void createContainer(String name) throws Exception {
    String[] token = tempauthToken();
    HttpResponse<Void> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(token[1] + "/" + name))
                    .header("X-Auth-Token", token[0])
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(put.statusCode()).isIn(201, 202);
  }
}
