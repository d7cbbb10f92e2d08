package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials never reach the user through a failure's message, with or without {@code --verbose}: a canary value is
 * planted where a library may quote it, and must not come back.
 */
class VerboseRedactionTest {
  private static final String CANARY = "canary-5d2e7a91f0";
  private static final String SAMPLE_MAP = "../src/sample-platform/lanes.config";

  @TempDir Path dir;

  /**
   * A kubeconfig broken on its token's line: the YAML reader's error quotes that line below its first line (before
   * the redaction, {@code --verbose} printed it).
   */
  private Path malformedKubeconfig() throws Exception {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters: [{name: prod, cluster: {server: "https://10.0.0.10:6443"}}]
        contexts: [{name: prod, context: {cluster: prod, user: deployer}}]
        users:
          - name: deployer
            user:
              client-key-data: %s
              token: %s: broken
        """
            .formatted(CANARY, CANARY));
    return file;
  }

  private StepRun rollback(Path kubeconfig, String... extra) {
    String[] args = {
      "rollback", "--config", SAMPLE_MAP, "--platform", "acme", "--to", "1", "--kubeconfig", kubeconfig.toString()
    };
    String[] all = Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new);
    return StepRun.withEnvironment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), all);
  }

  @Test
  @DisplayName("a malformed kubeconfig: the same first line with and without --verbose, its token in neither")
  void malformedKubeconfigTokenHidden() throws Exception {
    Path kubeconfig = malformedKubeconfig();

    StepRun quiet = rollback(kubeconfig);
    StepRun verbose = rollback(kubeconfig, "--verbose");

    assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(2);
    assertThat(verbose.exitCode()).isEqualTo(2);
    assertThat(quiet.err()).startsWith(kubeconfig + ": not a usable kubeconfig: ").doesNotContain(CANARY);
    assertThat(verbose.err()).doesNotContain(CANARY).contains("\tat ");
    assertThat(verbose.err().lines().findFirst()).isEqualTo(quiet.err().lines().findFirst());
  }

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("a URL's user info", "GET https://deployer:" + CANARY + "@10.0.0.10:6443/api failed",
            "GET https://REDACTED@10.0.0.10:6443/api failed"),
        Arguments.of("a YAML token line", "while parsing\n    token: " + CANARY + "\n    ^",
            "while parsing\n    token: REDACTED\n    ^"),
        Arguments.of("a JSON password", "{\"password\":\"" + CANARY + "\",\"user\":\"x\"}",
            "{\"password\":REDACTED,\"user\":\"x\"}"),
        Arguments.of("client-key-data", "client-key-data: " + CANARY, "client-key-data: REDACTED"),
        Arguments.of("a bearer token", "Authorization: Bearer " + CANARY, "Authorization: REDACTED REDACTED"),
        Arguments.of("a JWT", "bad token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJl here",
            "bad token REDACTED here"),
        Arguments.of("a PEM private key",
            "key: -----BEGIN RSA PRIVATE KEY-----\n" + CANARY + "\n-----END RSA PRIVATE KEY-----",
            "key: REDACTED"),
        Arguments.of("an S3 secret key", "aws_secret_access_key=" + CANARY, "aws_secret_access_key=REDACTED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  @DisplayName("a credential a message quotes is redacted")
  void credentialRedacted(String what, String message, String redacted) {
    assertThat(Redaction.text(message)).isEqualTo(redacted);
  }

  @Test
  @DisplayName("Lanes' own messages about secrets keep their words; URLs in them still lose their credentials")
  void ownMessagesUntouched() {
    String own =
        "secret/globex-token: secret name \"globex-token\" belongs to platform globex\n"
            + "lanes.config: backup.nightly.credentialSecret: missing (required)\n"
            + "acme.yaml:36: job lanes-base: secrets: secret acme-s4 is not defined in this project\n"
            + "no OpenStack credentials: give --cloud NAME";

    assertThat(Redaction.own(own)).isEqualTo(own);
    assertThat(Redaction.own("cannot reach https://u:" + CANARY + "@h")).isEqualTo("cannot reach https://REDACTED@h");
  }

  @Test
  @DisplayName("--verbose's cause chain is redacted at every level, and each message is cut")
  void causeChainRedacted() {
    Exception failure =
        StepException.configuration(
            "kubeconfig: not usable",
            new IllegalStateException(
                "outer token: " + CANARY, new RuntimeException("https://u:" + CANARY + "@h " + "x".repeat(5000))));
    StringWriter trace = new StringWriter();

    Redaction.printStackTrace(failure, new PrintWriter(trace, true));

    assertThat(trace.toString())
        .doesNotContain(CANARY)
        .contains("Caused by: java.lang.IllegalStateException: outer token: REDACTED")
        .contains("Caused by: java.lang.RuntimeException: https://REDACTED@h ")
        .contains("… (5030 characters)");
  }

  @Test
  @DisplayName("--verbose shows a cause's first line only: a parser's quote of the input below it is counted")
  void causeQuoteNotShown() {
    String clipped = "mapping values are not allowed here\n in reader, line 9:\n ... 91f0" + CANARY + ": broken\n ^";
    StringWriter trace = new StringWriter();

    Redaction.printStackTrace(new IllegalStateException(clipped), new PrintWriter(trace, true));

    assertThat(trace.toString())
        .startsWith(
            "java.lang.IllegalStateException: mapping values are not allowed here (3 more lines, not shown: they may"
                + " quote the input)\n")
        .doesNotContain(CANARY);
  }

  @Test
  @DisplayName("--registry-url with credentials is refused without echoing them")
  void registryUrlCredentialsRefused() throws Exception {
    StepRun run =
        StepRun.of(
            "push-image", "--config", SAMPLE_MAP, "--branch", "platform/acme", "--change", "1", "--patchset", "1",
            "--image", "openedx", "--docker-host", "unix://" + dir.resolve("no-engine.sock"),
            "--registry-url", "https://ci:" + CANARY + "@registry.example.org");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "--registry-url: the URL holds credentials (user:password@); command lines show in logs: give credentials"
                + " through the step's credential files or environment, never in a URL\n");
  }
}
