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

/**
 * The Docker registry token flow for real: distribution 2.8 asking for bearer tokens from the distribution project's
 * own token server (src/services/registry-token.sh), which logs in users acme and globex and grants each only the
 * repositories under its name, as a registry shared by several platforms would.
 */
@DisplayName("push-image and promote against a real docker-registry that asks for bearer tokens from the real token server")
class RegistryTokenAuthTest extends ImageStepFixture {
  private static final String HEAD = "fedcba9876543210fedcba9876543210fedcba98";
  private static final String[] CREDENTIAL_FLAGS = {
    "--registry-username-env", "REGISTRY_USERNAME", "--registry-password-env", "REGISTRY_PASSWORD"
  };

  private static Map<String, String> registry;
  private static Path tokenMap;
  private static String host;

  @BeforeAll
  static void tokenRegistry() throws Exception {
    registry = LocalService.start("registry-token");
    host = registry.get("REGISTRY_HOST");
    tokenMap = RealImageServices.platformMap(dir.resolve("token-lanes.config"), host);
  }

  private static StepRun step(
      Map<String, String> environment, String platform, String step, String image, String... more) {
    return pushOrPromote(environment, tokenMap, platform, step, image, HEAD, more);
  }

  private static Map<String, String> acme(String password) {
    return Map.of("REGISTRY_USERNAME", registry.get("REGISTRY_USER"), "REGISTRY_PASSWORD", password);
  }

  @Test
  @DisplayName("acme's credentials get tokens: push-image (blobs, a mount, the manifest) and promote work, nothing printed")
  void pushAndPromoteWithTokens() throws Exception {
    RealImageServices.buildRandomImage(dir, host + "/acme/tokened:" + tag(1), 4096);
    String password = registry.get("REGISTRY_PASSWORD");

    StepRun push = step(acme(password), "acme", "push-image", "tokened", CREDENTIAL_FLAGS);
    StepRun promote = step(acme(password), "acme", "promote", "tokened", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).as(push.err()).isZero();
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    String digest = push.out().strip().substring(push.out().indexOf('@') + 1);
    RegistryClient client = new RegistryClient("http://" + host, Duration.ofSeconds(10),
        Optional.of(new RegistryCredentials(registry.get("REGISTRY_USER"), password)));
    assertThat(client.manifest("acme/tokened", HEAD).orElseThrow().digest()).isEqualTo(digest);
    assertThat(client.manifest("acme/tokened", "latest-acme").orElseThrow().digest()).isEqualTo(digest);
    assertThat(push.err() + push.out() + promote.err() + promote.out()).doesNotContain(password).doesNotContain("Bearer ");
  }

  @Test
  @DisplayName("a wrong password: the token server refuses it, one line, exit 2, the password never printed (canary)")
  void wrongPassword() throws Exception {
    String canary = "canary-token-password-" + System.nanoTime();
    RealImageServices.buildRandomImage(dir, host + "/acme/token-refused:" + tag(1), 4096);

    StepRun push = step(acme(canary), "acme", "push-image", "token-refused", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).as(push.err()).isEqualTo(2);
    assertThat(push.err())
        .endsWith(": token server " + registry.get("REGISTRY_TOKEN_URL") + " of registry http://" + host
            + " refused the credentials of user acme (401): check the registry secret\n");
    assertThat(push.err().lines().count()).isEqualTo(1);
    assertThat(push.err() + push.out()).doesNotContain(canary);
  }

  @Test
  @DisplayName("acme's credentials on globex's repository: a token without that right, one line naming user and scope")
  void anotherPlatformsRepository() throws Exception {
    RealImageServices.buildRandomImage(dir, host + "/globex/not-yours:" + tag(1), 4096);

    StepRun push = step(acme(registry.get("REGISTRY_PASSWORD")), "globex", "push-image", "not-yours", CREDENTIAL_FLAGS);

    assertThat(push.exitCode()).as(push.err()).isEqualTo(2);
    assertThat(push.err()).contains(": registry http://" + host + " does not grant user acme repository:globex/not-yours:")
        .contains("(insufficient_scope)");
    assertThat(push.err().lines().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("no credentials: the token server refuses anonymous access, one line naming the flags, exit 2")
  void noCredentials() throws Exception {
    RealImageServices.buildRandomImage(dir, host + "/acme/token-anonymous:" + tag(1), 4096);

    StepRun push = step(Map.of(), "acme", "push-image", "token-anonymous");

    assertThat(push.exitCode()).as(push.err()).isEqualTo(2);
    assertThat(push.err()).contains("asks for authentication (Bearer; its token server ")
        .contains("give --registry-username-env and --registry-password-env");
    assertThat(push.err().lines().count()).isEqualTo(1);
  }
}
