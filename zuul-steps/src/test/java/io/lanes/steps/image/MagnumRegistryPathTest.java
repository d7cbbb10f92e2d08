package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.Registries;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry path as Magnum runs it: distribution with the Swift driver, logging in to Keystone v3 with the project's
 * credentials, here with the configuration {@code registry-config} wrote, the real Keystone and the real Swift behind
 * Keystone's middleware; the change's image pushed and promoted through it.
 */
@DisplayName("push-image and promote through a registry that stores in real Swift via the real Keystone v3 (registry-config's config)")
class MagnumRegistryPathTest {
  private static final String REVISION = "89abcdef0123456789abcdef0123456789abcdef";
  private static final String CONTAINER = "registry-magnum-path";

  @TempDir Path dir;

  @Test
  @DisplayName("the gated image lands in the Keystone project's Swift account and is promoted by digest; no password shows")
  void pushAndPromoteThroughKeystone() throws Exception {
    Map<String, String> swift = LocalService.start("swift");
    String password = swift.get("KEYSTONE_PASSWORD");
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", swift.get("KEYSTONE_URL"));
    environment.put("OS_USERNAME", swift.get("KEYSTONE_USER"));
    environment.put("OS_PASSWORD", password);
    environment.put("OS_PROJECT_NAME", swift.get("KEYSTONE_PROJECT"));
    environment.put("OS_USER_DOMAIN_NAME", "Default");
    environment.put("OS_PROJECT_DOMAIN_NAME", "Default");
    environment.put("OS_REGION_NAME", swift.get("KEYSTONE_REGION"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String host = "127.0.0.1:" + port;
    Path config = dir.resolve("registry/config.yml");
    StepRun write =
        StepRun.withEnvironment(
            environment, "registry-config", "--output", config.toString(), "--container", CONTAINER, "--listen", host);
    assertThat(write.exitCode()).as(write.err()).isZero();

    Process registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    try {
      RegistryClient client = new RegistryClient("http://" + host, Duration.ofSeconds(30));
      Registries.waitUntilAnswers(client);
      Path map = RealImageServices.platformMap(dir.resolve("lanes.config"), host);
      RealImageServices.buildRandomImage(dir, host + "/acme/openedx:change-4242-ps-1", 256 * 1024);

      StepRun push =
          StepRun.of(
              "push-image", "--config", map.toString(), "--branch", "platform/acme", "--change", "4242", "--patchset",
              "1", "--docker-host", RealImageServices.dockerHost(), "--image", "openedx");
      assertThat(push.exitCode()).as(push.err()).isZero();
      String digest = push.out().strip().substring(push.out().indexOf('@') + 1);

      StepRun promote =
          StepRun.of(
              "promote", "--config", map.toString(), "--branch", "platform/acme", "--change", "4242", "--patchset",
              "1", "--revision", REVISION, "--image", "openedx");
      assertThat(promote.exitCode()).as(promote.err()).isZero();

      assertThat(client.manifest("acme/openedx", REVISION).map(ImageManifest::digest)).contains(digest);
      assertThat(client.manifest("acme/openedx", "latest-acme").map(ImageManifest::digest)).contains(digest);
      List<String> objects = objectsInProjectAccount(swift, password);
      assertThat(objects)
          .as("the registry's objects in container %s of the project's account", CONTAINER)
          .anyMatch(name -> name.contains("/blobs/sha256/") && name.endsWith("/data"))
          .anyMatch(name -> name.contains("repositories/acme/openedx/_manifests/tags/" + REVISION));
      for (String printed : List.of(write.out(), write.err(), push.out(), push.err(), promote.out(), promote.err())) {
        assertThat(printed).doesNotContain(password);
      }
    } finally {
      registry.destroy();
      registry.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The object names of {@link #CONTAINER} in the Keystone project's Swift account, listed with a Keystone token. */
  private static List<String> objectsInProjectAccount(Map<String, String> swift, String password) throws Exception {
    String body =
        """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "%s", "domain": {"name": "Default"},
         "password": "%s"}}}, "scope": {"project": {"name": "%s", "domain": {"name": "Default"}}}}}
        """
            .formatted(swift.get("KEYSTONE_USER"), password, swift.get("KEYSTONE_PROJECT"));
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(swift.get("KEYSTONE_URL").replaceAll("/+$", "").replaceAll("/v3$", "")
                      + "/v3/auth/tokens"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
      String token = login.headers().firstValue("X-Subject-Token").orElseThrow();
      String account =
          URI.create(swift.get("SWIFT_STORAGE_URL")).resolve("/v1/KEY_" + swift.get("KEYSTONE_PROJECT_ID")).toString();
      HttpResponse<String> listing =
          http.send(
              HttpRequest.newBuilder(URI.create(account + "/" + CONTAINER + "?format=json&limit=10000"))
                  .header("X-Auth-Token", token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
      return new ObjectMapper().readTree(listing.body()).findValuesAsText("name");
    }
  }

}
