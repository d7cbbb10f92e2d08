package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryCredentials;
import io.lanes.steps.testing.LocalService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("push-image and promote against a real docker-registry that asks for HTTP Basic authentication (htpasswd)")
class RegistryAuthTest extends ImageStepFixture {
  private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";

  private static Map<String, String> registry;
  private static Path authMap;
  private static String host;

  @BeforeAll
  static void authenticatingRegistry() throws Exception {
    registry = LocalService.start("registry-htpasswd");
    host = registry.get("REGISTRY_HOST");
    authMap = RealImageServices.platformMap(dir.resolve("auth-lanes.config"), host);
  }

  private static StepRun step(Map<String, String> environment, String step, String image, String... more) {
    return pushOrPromote(environment, authMap, "acme", step, image, HEAD, more);
  }

  private static Map<String, String> credentials(String password) {
    return Map.of("REGISTRY_USERNAME", registry.get("REGISTRY_USER"), "REGISTRY_PASSWORD", password);
  }

  private static final String[] CREDENTIAL_FLAGS = {
    "--registry-username-env", "REGISTRY_USERNAME", "--registry-password-env", "REGISTRY_PASSWORD"
  };

  @Test
  @DisplayName("with the credentials from the environment, push-image and promote work; the image is served to that user only")
  void pushAndPromoteWithCredentials() throws Exception {
    RealImageServices.buildRandomImage(dir, host + "/acme/authed:" + tag(1), 4096);

    StepRun push = step(credentials(registry.get("REGISTRY_PASSWORD")), "push-image", "authed", CREDENTIAL_FLAGS);
    StepRun promote = step(credentials(registry.get("REGISTRY_PASSWORD")), "promote", "authed", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).as(push.err()).isZero();
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    String digest = push.out().strip().substring(push.out().indexOf('@') + 1);
    RegistryClient authed = new RegistryClient("http://" + host, Duration.ofSeconds(10),
        Optional.of(new RegistryCredentials(registry.get("REGISTRY_USER"), registry.get("REGISTRY_PASSWORD"))));
    assertThat(authed.manifest("acme/authed", HEAD).orElseThrow().digest()).isEqualTo(digest);
    assertThat(push.err() + push.out() + promote.err() + promote.out()).doesNotContain(registry.get("REGISTRY_PASSWORD"));
  }

  @Test
  @DisplayName("a wrong password is one clear line, exit 2, and never printed (canary)")
  void wrongPassword() throws Exception {
    String canary = "canary-registry-password-" + System.nanoTime();
    RealImageServices.buildRandomImage(dir, host + "/acme/refused:" + tag(1), 4096);

    StepRun push = step(credentials(canary), "push-image", "refused", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).as(push.err()).isEqualTo(2);
    assertThat(push.err()).contains("refused the credentials of user " + registry.get("REGISTRY_USER") + " (401)");
    assertThat(push.err().lines().count()).isEqualTo(1);
    assertThat(push.err() + push.out()).doesNotContain(canary);
  }

  @Test
  @DisplayName("no credentials for a registry that asks for them: one line naming the flags, exit 2")
  void noCredentials() throws Exception {
    RealImageServices.buildRandomImage(dir, host + "/acme/anonymous:" + tag(1), 4096);

    StepRun push = step(Map.of(), "push-image", "anonymous");

    assertThat(push.exitCode()).as(push.err()).isEqualTo(2);
    assertThat(push.err()).contains("asks for authentication (Basic): give --registry-username-env and --registry-password-env");
    assertThat(push.err().lines().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a credential variable that is not set is named, exit 2")
  void unsetVariable() {
    StepRun push = step(Map.of("REGISTRY_USERNAME", "x"), "push-image", "unset", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).isEqualTo(2);
    assertThat(push.err()).isEqualTo("--registry-password-env REGISTRY_PASSWORD: the environment variable is not set (it holds that user's registry password)\n");
  }
}
