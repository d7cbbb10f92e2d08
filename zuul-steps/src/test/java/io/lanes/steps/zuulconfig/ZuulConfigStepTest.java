package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a platform to Zuul the documented way (docs/zuul-jobs.md, "Adding a platform"): the map, then
 * {@code zuul-config} writes {@code zuul.d/platforms/<platform>.yaml}, whose secrets the real Zuul's own code
 * decrypts, and {@code check-zuul} holds the repository's copy to it.
 */
@DisplayName("zuul-config: a platform's part of zuul.d, written from the map, encrypted as Zuul decrypts it")
class ZuulConfigStepTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String CANARY = "canary-7f3e1c0d-zuul-config";
  private static KeyPair keys;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(4096);
    keys = generator.generateKeyPair();
  }

  private Path map() throws IOException {
    Path map = dir.resolve("lanes.config");
    Files.writeString(
        map,
        Files.readString(REPOSITORY.resolve("src/sample-platform/lanes.config"))
            + "[platform \"initech\"]\n\tbranch = platform/initech\n\tnamespace = openedx-initech\n\tcluster = prod\n"
            + "\tregistry = localhost:5000\n\tbackup = nightly-initech\n"
            + "[backup \"nightly-initech\"]\n\tendpoint = http://127.0.0.1:8082\n\tbucket = openedx-backups\n"
            + "\tschedule = 30 1 * * *\n\tkeep = 7\n\tcredentialSecret = backup-s3-initech\n");
    return map;
  }

  private Path publicKey() throws IOException {
    Path file = dir.resolve("initech.pub");
    Files.writeString(file, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    return file;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** initech's credentials; the kubeconfig long enough for several chunks, with characters of 2 to 4 bytes. */
  private Path secrets(String... leaveOut) throws IOException {
    Path secrets = dir.resolve("secrets");
    Files.createDirectories(secrets);
    StringBuilder kubeconfig = new StringBuilder("apiVersion: v1\nkind: Config\n# ");
    while (kubeconfig.length() < 1500) {
      kubeconfig.append("é€😀 ").append(CANARY).append(' ');
    }
    Map<String, String> values =
        Map.of(
            "kubeconfig", kubeconfig + "\n",
            "s3-access-key", "AKIA-" + CANARY,
            "s3-secret-key", "secret-" + CANARY,
            "dr-mysql-password", "mysql-" + CANARY,
            "dr-mongodb-uri", "mongodb://drill:" + CANARY + "@mongodb:27017",
            "registry-username", "initech-pusher",
            "registry-password", "registry-" + CANARY);
    for (Map.Entry<String, String> value : values.entrySet()) {
      if (!List.of(leaveOut).contains(value.getKey())) {
        Files.writeString(secrets.resolve(value.getKey()), value.getValue());
      }
    }
    return secrets;
  }

  private StepRun zuulConfig(Path map, Path secrets, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("zuul-config", "--config", map.toString(), "--platform", "initech", "--public-key",
                publicKey().toString(), "--secrets", secrets.toString()));
    args.addAll(List.of(more));
    return StepRun.of(args.toArray(String[]::new));
  }

  /** A copy of the repository's zuul.d, with {@code platforms/initech.yaml} as {@code initech} when given. */
  private Path zuulD(String initech) throws IOException {
    Path copy = dir.resolve("repo/zuul.d");
    if (Files.exists(copy.resolve("platforms/initech.yaml"))) {
      Files.delete(copy.resolve("platforms/initech.yaml"));
    }
    Trees.copy(REPOSITORY.resolve("zuul.d"), copy);
    Path playbooks = dir.resolve("repo/playbooks");
    if (!Files.exists(playbooks)) {
      Files.createSymbolicLink(playbooks, REPOSITORY.resolve("playbooks"));
    }
    if (initech != null) {
      Files.writeString(copy.resolve("platforms/initech.yaml"), initech);
    }
    return copy;
  }

  @Test
  @DisplayName("writes initech's file; the real Zuul's code decrypts every value exactly; no credential is printed")
  void writesWhatZuulDecrypts() throws Exception {
    Path secrets = secrets();
    Path output = dir.resolve("initech.yaml");
    Path result = dir.resolve("result.json");

    StepRun run = zuulConfig(map(), secrets, "--output", output.toString(), "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String yaml = Files.readString(output);
    assertThat(yaml)
        .contains("name: lanes-deploy-initech", "name: initech-kubeconfig", "branches: ^platform/initech$",
            "semaphores: lanes-deploy-initech", "lanes_drill_mysql_host: mysql.openedx-initech-dr.svc")
        .doesNotContain("acme", CANARY);
    assertThat(new ObjectMapper().readTree(result.toFile()).path("lanes").path("zuul_config").path("secrets"))
        .hasSize(7);
    for (String printed : List.of(run.out(), run.err(), Files.readString(result))) {
      assertThat(printed).doesNotContain(CANARY);
    }
    Path privateKey = dir.resolve("initech.key");
    Files.writeString(privateKey, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Map<String, String> decrypted =
        new ObjectMapper().readValue(zuulPython(privateKey, output), new TypeReference<Map<String, String>>() {});
    assertThat(decrypted)
        .containsEntry("initech-kubeconfig.file", Files.readString(secrets.resolve("kubeconfig")))
        .containsEntry("initech-s3.access_key", "AKIA-" + CANARY)
        .containsEntry("initech-s3.secret_key", "secret-" + CANARY)
        .containsEntry("initech-registry.username", "initech-pusher")
        .containsEntry("initech-registry.password", "registry-" + CANARY)
        .containsEntry("initech-dr-databases.mysql_password", "mysql-" + CANARY)
        .containsEntry("initech-dr-databases.mongodb_uri", "mongodb://drill:" + CANARY + "@mongodb:27017")
        .hasSize(7);
    assertThat(yaml.lines().filter(l -> l.startsWith("        - ")).count())
        .as("the kubeconfig takes several chunks")
        .isGreaterThan(7);
  }

  @Test
  @DisplayName("the map and the written file are all a new platform needs: check-config and check-zuul pass")
  void addedPlatformPassesTheChecks() throws Exception {
    Path map = map();
    StepRun written = zuulConfig(map, secrets("registry-username", "registry-password"));
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).doesNotContain("initech-registry");

    StepRun checkConfig = StepRun.of("check-config", map.toString());
    StepRun checkZuul = StepRun.of("check-zuul", zuulD(written.out()).toString(), "--config", map.toString());

    assertThat(checkConfig.exitCode()).as(checkConfig.err()).isZero();
    assertThat(checkZuul.exitCode()).as(checkZuul.err()).isZero();
  }

  @Test
  @DisplayName("a platform in the map without its file fails check-zuul naming the file and the command that writes it")
  void missingFile() throws Exception {
    Path map = map();
    Path zuulD = zuulD(null);

    StepRun run = StepRun.of("check-zuul", zuulD.toString(), "--config", map.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(zuulD.resolve("platforms/initech.yaml") + ": missing: platform initech is in the platform map;"
            + " write this file with zuul-steps zuul-config --platform initech (docs/zuul-jobs.md, \"Adding a"
            + " platform\")\n");
  }

  @Test
  @DisplayName("a hand-made file that forgets the deploy semaphore's variant, or passes a secret under another name, fails")
  void handMadeFile() throws Exception {
    Path map = map();
    String written = zuulConfig(map, secrets()).out();
    String withoutDeploy =
        written.replace("- job:\n    name: lanes-deploy\n    branches: ^platform/initech$\n"
            + "    semaphores: lanes-deploy-initech\n", "");
    assertThat(withoutDeploy).isNotEqualTo(written);

    StepRun run = StepRun.of("check-zuul", zuulD(withoutDeploy).toString(), "--config", map.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("platforms/initech.yaml: job lanes-deploy (branches ^platform/initech$): missing (what zuul-steps"
            + " zuul-config --platform initech writes)");

    String renamed = written.replace("name: lanes_s3\n", "name: lanes_s3_credentials\n");
    StepRun other = StepRun.of("check-zuul", zuulD(renamed).toString(), "--config", map.toString());

    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("platforms/initech.yaml:").contains("job lanes-base: secrets: ");
  }

  @Test
  @DisplayName("bad input is one line each, exit 2, nothing written: a missing credential, half a registry login, an"
      + " unknown platform, a key that is not a PEM public key")
  void badInput() throws Exception {
    Path map = map();
    Path output = dir.resolve("out/initech.yaml");

    StepRun missing = zuulConfig(map, secrets("s3-secret-key", "kubeconfig"), "--output", output.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .isEqualTo("--secrets " + dir.resolve("secrets") + ": missing " + dir.resolve("secrets/kubeconfig") + ", "
            + dir.resolve("secrets/s3-secret-key") + "\n");
    assertThat(output).doesNotExist();

    Files.delete(secrets().resolve("registry-password"));
    StepRun half = zuulConfig(map, dir.resolve("secrets"));
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).isEqualTo("--secrets " + dir.resolve("secrets")
        + ": registry-username and registry-password go together (or neither)\n");

    StepRun unknown =
        StepRun.of("zuul-config", "--config", map.toString(), "--platform", "hooli", "--public-key",
            publicKey().toString(), "--secrets", secrets().toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("unknown platform hooli (known platforms: acme, globex, initech)\n");

    Path notAKey = dir.resolve("not-a-key.pem");
    Files.writeString(notAKey, "ssh-rsa AAAA...\n");
    StepRun badKey =
        StepRun.of("zuul-config", "--config", map.toString(), "--platform", "initech", "--public-key",
            notAKey.toString(), "--secrets", secrets().toString());
    assertThat(badKey.exitCode()).isEqualTo(2);
    assertThat(badKey.err())
        .isEqualTo(notAKey + ": not a PEM public key (a PUBLIC KEY block), as zuul-web serves at"
            + " /api/tenant/<tenant>/key/<project>.pub\n");
  }

  /** Runs decrypt_secrets.py with the pinned Zuul's Python (zuul.sh build: its cached virtualenv). */
  private static String zuulPython(Path privateKey, Path file) throws Exception {
    String venv =
        run(List.of("bash", "-c",
            "source src/scripts/env.sh >/dev/null && source src/scripts/versions.env && bash src/services/zuul.sh build >&2"
                + " && echo \"${LANES_CACHE:-$HOME/.cache/lanes}/zuul/$ZUUL_VERSION/venv\""))
            .strip();
    Path script = Path.of("src/test/resources/zuulconfig/decrypt_secrets.py").toAbsolutePath();
    return run(List.of(venv + "/bin/python", script.toString(), privateKey.toString(), file.toString()));
  }

  private static String run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    return out.lines().reduce((a, b) -> b).orElse("");
  }
}
