package io.lanes.steps.registryconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepContext;
import io.lanes.steps.StepRun;
import io.lanes.steps.cli.Main;
import io.lanes.steps.openstack.CloudCredentialsReader;
import io.lanes.steps.openstack.Keystone;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.Registries;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("registry-config against a real Swift: tempauth v1, and the real Keystone v3 in front of it")
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

    storesABlob(config, port, "lanes/config-test", "a blob stored through the generated config", "registry.log",
        Duration.ofSeconds(20));
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

  /** registry-config's OS_* environment for a user of the real Keystone (keystone.sh) in front of the real Swift. */
  private static Map<String, String> keystoneEnvironment(String user, String password) {
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", swift.get("KEYSTONE_URL"));
    environment.put("OS_USERNAME", user);
    environment.put("OS_PASSWORD", password);
    environment.put("OS_PROJECT_NAME", swift.get("KEYSTONE_PROJECT"));
    environment.put("OS_USER_DOMAIN_NAME", "Default");
    environment.put("OS_PROJECT_DOMAIN_NAME", "Default");
    environment.put("OS_REGION_NAME", swift.get("KEYSTONE_REGION"));
    return environment;
  }

  @Test
  @DisplayName("Keystone v3 (real Keystone, Swift's keystoneauth): the written config lets a real docker-registry store"
      + " in the project's account, and --check verifies it; the password never shows")
  void keystoneV3() throws Exception {
    String password = swift.get("KEYSTONE_PASSWORD");
    Map<String, String> environment = keystoneEnvironment(swift.get("KEYSTONE_USER"), password);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("keystone/config.yml");

    StepRun write =
        run(environment, "registry-config", "--output", config.toString(), "--container", "registry-keystone",
            "--listen", "127.0.0.1:" + port);

    assertThat(write.exitCode()).as(write.err()).isZero();
    assertThat(Files.readString(config))
        .contains("authversion: 3\n")
        .contains("tenant: \"" + swift.get("KEYSTONE_PROJECT") + "\"\n")
        .contains("domain: \"Default\"\n")
        .contains("region: \"" + swift.get("KEYSTONE_REGION") + "\"\n");
    storesABlob(config, port, "lanes/keystone-test", "a blob stored through Keystone", "keystone-registry.log",
        Duration.ofSeconds(30));
    StepRun check = run(environment, "registry-config", "--check", "--container", "registry-keystone");

    assertThat(check.exitCode()).as(check.err()).isZero();
    String account = "/v1/KEY_" + swift.get("KEYSTONE_PROJECT_ID");
    assertThat(check.out()).contains("container registry-keystone in ").contains(account);
    assertThat(write.out() + write.err() + check.out() + check.err()).doesNotContain(password);
  }

  @Test
  @DisplayName("Keystone v3: a wrong password is one line (exit 1) naming user and project, never the password")
  void keystoneWrongPassword() {
    StepRun run =
        run(keystoneEnvironment(swift.get("KEYSTONE_USER"), "wrong-canary-Kx31"), "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Keystone auth failed: " + swift.get("KEYSTONE_URL") + " rejected user registry in project lanes"
            + " (HTTP 401): check the password and domains in OS_* environment\n");
  }

  @Test
  @DisplayName("Keystone v3: a user without a role on the project is told so (exit 1), not 'wrong password'")
  void keystoneUserWithoutRole() {
    StepRun run =
        run(keystoneEnvironment(swift.get("KEYSTONE_NOROLE_USER"), swift.get("KEYSTONE_NOROLE_PASSWORD")),
            "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Keystone auth failed: user outsider logs in at " + swift.get("KEYSTONE_URL")
            + " but has no role on project lanes (its projects: none): give it one (openstack role add --user outsider"
            + " --project lanes member) or name another\n")
        .doesNotContain(swift.get("KEYSTONE_NOROLE_PASSWORD"));
  }

  @Test
  @DisplayName("Keystone v3: a project that does not exist (or the user has no role on) is one line naming it and the"
      + " user's own projects, not 'wrong password'")
  void keystoneWrongProject() {
    Map<String, String> environment = keystoneEnvironment(swift.get("KEYSTONE_USER"), swift.get("KEYSTONE_PASSWORD"));
    environment.put("OS_PROJECT_NAME", "no-such-project");

    StepRun run = run(environment, "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Keystone auth failed: user registry logs in at " + swift.get("KEYSTONE_URL")
            + " but has no role on project no-such-project (its projects: lanes): give it one (openstack role add"
            + " --user registry --project no-such-project member) or name another\n")
        .doesNotContain(swift.get("KEYSTONE_PASSWORD"));
  }

  @Test
  @DisplayName("Keystone v3: an auth URL nothing answers is one line (exit 1) naming it")
  void keystoneUnreachable() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> environment = keystoneEnvironment(swift.get("KEYSTONE_USER"), swift.get("KEYSTONE_PASSWORD"));
    environment.put("OS_AUTH_URL", "http://127.0.0.1:" + port + "/v3");

    StepRun run = run(environment, "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Keystone http://127.0.0.1:" + port + " unreachable: connection refused\n");
  }

  @Test
  @DisplayName("Keystone v3: no object-store endpoint in the region asked for is one line (exit 1) naming it")
  void keystoneCatalogWithoutRegion() {
    Map<String, String> environment = keystoneEnvironment(swift.get("KEYSTONE_USER"), swift.get("KEYSTONE_PASSWORD"));
    environment.put("OS_REGION_NAME", "RegionNowhere");

    StepRun run = run(environment, "registry-config", "--check");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("Keystone " + swift.get("KEYSTONE_URL") + ": the catalog has no public object-store endpoint in"
            + " region RegionNowhere\n");
  }

  @Test
  @DisplayName("Keystone v3: an application credential checks the container (no password anywhere); writing a"
      + " registry config with one is refused (exit 2): distribution 2.8 cannot log in with it")
  void keystoneApplicationCredential() throws Exception {
    Keystone.Session registry =
        Keystone.token(new CloudCredentialsReader(keystoneEnvironment(swift.get("KEYSTONE_USER"),
            swift.get("KEYSTONE_PASSWORD")), dir).read(Optional.empty(), Optional.empty()));
    HttpResponse<Void> put =
        HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(registry.find("object-store").orElseThrow() + "/registry-appcred"))
                .header("X-Auth-Token", registry.token())
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(put.statusCode()).isIn(201, 202);
    String secret = swift.get("KEYSTONE_APPCRED_SECRET");
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", swift.get("KEYSTONE_URL"));
    environment.put("OS_AUTH_TYPE", "v3applicationcredential");
    environment.put("OS_APPLICATION_CREDENTIAL_ID", swift.get("KEYSTONE_APPCRED_ID"));
    environment.put("OS_APPLICATION_CREDENTIAL_SECRET", secret);

    StepRun check = run(environment, "registry-config", "--check", "--container", "registry-appcred");
    StepRun write = run(environment, "registry-config", "--output", dir.resolve("appcred.yml").toString());
    environment.put("OS_APPLICATION_CREDENTIAL_SECRET", "wrong-secret-Qz7");
    StepRun rejected = run(environment, "registry-config", "--check");

    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out())
        .startsWith("ok: application credential " + swift.get("KEYSTONE_APPCRED_ID") + " authenticates at ")
        .contains("container registry-appcred in ").contains("/v1/KEY_" + swift.get("KEYSTONE_PROJECT_ID"));
    assertThat(write.exitCode()).isEqualTo(2);
    assertThat(write.err())
        .isEqualTo("OS_* environment: docker-registry's Swift driver (distribution 2.8) needs a user and password,"
            + " not an application credential\n");
    assertThat(Files.exists(dir.resolve("appcred.yml"))).isFalse();
    assertThat(rejected.exitCode()).isEqualTo(1);
    assertThat(rejected.err())
        .isEqualTo("Keystone auth failed: " + swift.get("KEYSTONE_URL") + " rejected application credential "
            + swift.get("KEYSTONE_APPCRED_ID") + " (HTTP 401): check the secret in OS_* environment\n");
    assertThat(check.out() + check.err() + write.out() + write.err() + rejected.err()).doesNotContain(secret);
  }

  /**
   * Serves a real docker-registry with {@code config} on {@code port} and asserts that a blob uploaded to {@code
   * repository} is stored (its size read back); stops the registry.
   */
  private static void storesABlob(
      Path config, int port, String repository, String text, String log, Duration timeout) throws Exception {
    Process registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(log).toFile())
            .start();
    try {
      RegistryClient client = new RegistryClient("http://127.0.0.1:" + port, timeout);
      Registries.waitUntilAnswers(client);
      byte[] blob = text.getBytes(StandardCharsets.UTF_8);
      String digest = ImageManifest.sha256(blob);
      client.uploadBlob(repository, digest, blob.length, new ByteArrayInputStream(blob), n -> {});
      assertThat(client.blobSize(repository, digest)).contains((long) blob.length);
    } finally {
      registry.destroy();
      registry.waitFor(10, TimeUnit.SECONDS);
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
