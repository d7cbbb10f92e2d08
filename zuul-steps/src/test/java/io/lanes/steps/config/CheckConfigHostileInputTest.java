package io.lanes.steps.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile platform maps against {@code check-config}: exit 2, one line naming the file and the key or bound. */
class CheckConfigHostileInputTest {
  private static final String ACME = "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = prod\n";
  private static final String CLUSTER = "[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n";

  @TempDir Path dir;

  static Stream<Arguments> hostileMaps() {
    return Stream.of(
        Arguments.of(
            "an empty file", new byte[0],
            "lanes.config: declares no platform (a map needs at least one [platform \"<name>\"] section)"),
        Arguments.of(
            "clusters but no platform", CLUSTER.getBytes(),
            "lanes.config: declares no platform (a map needs at least one [platform \"<name>\"] section)"),
        Arguments.of(
            "an unparseable cron schedule",
            (ACME + "  backup = nightly\n" + CLUSTER
                    + "[backup \"nightly\"]\n  endpoint = https://rgw.example.org\n  bucket = backups\n"
                    + "  credentialSecret = backup-s3\n  schedule = 0 25 * * *\n")
                .getBytes(),
            "backup.nightly.schedule: \"0 25 * * *\" is not a cron schedule: hour \"25\": \"25\" is not a value from 0"
                + " to 23 (e.g. 0 2 * * *)"),
        Arguments.of(
            "a branch that is a prefix of another's",
            (ACME + "[platform \"eu\"]\n  branch = platform/acme/eu\n  namespace = openedx-eu\n  cluster = prod\n"
                    + CLUSTER)
                .getBytes(),
            "platform.eu.branch: platform/acme/eu lies under platform/acme, the branch of platform acme (git cannot"
                + " hold a branch and branches below it)"),
        Arguments.of(
            "a binary file", new byte[] {'[', 0, 1, 2, (byte) 0xff},
            "a binary file, not text (a NUL byte at character 1)"),
        Arguments.of(
            "Latin-1 bytes", (ACME + "  ownerGroup = \u00e9quipe\n" + CLUSTER).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "not valid UTF-8 text (an undecodable byte at character 77)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileMaps")
  @DisplayName("a hostile map exits 2 with one line naming the file")
  void hostileMapRefused(String what, byte[] content, String line) throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.write(file, content);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(file + ": " + line + "\n");
  }

  @Test
  @DisplayName("a 600 MB map is refused by its size, unread: nothing of it is echoed")
  void hugeMapRefusedUnread() throws Exception {
    Path file = dir.resolve("lanes.config");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(600L * 1024 * 1024);
    }

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(file + ": too large: 629145600 bytes, more than the limit of 3145728\n");
  }

  @Test
  @DisplayName("a 500,000-character namespace is echoed cut: the error stays one short line")
  void hugeValueEchoedCut() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(file, ACME.replace("openedx-acme", "n".repeat(500_000)) + CLUSTER);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).hasSizeLessThan(400).contains("…\" (500000 characters) is not a DNS-1123 label");
  }

  @Test
  @DisplayName("credentials in the cluster's URL exit 2 without echoing them")
  void urlCredentialsRefused() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(file, ACME + CLUSTER.replace("https://", "https://admin:canary-93b1@"));

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            file + ": cluster.prod.server: the URL holds credentials (user:password@): lanes.config is readable by"
                + " every reviewer; give credentials through the platform's secrets, never in the map\n");
  }
}
