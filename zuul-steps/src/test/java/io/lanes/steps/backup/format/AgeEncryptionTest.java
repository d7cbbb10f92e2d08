package io.lanes.steps.backup.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** age files through jagged, checked against the stock age CLI (Debian's age 1.1.1) both ways. */
class AgeEncryptionTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  /** identity file, recipient */
  private record Key(Path identity, String recipient, String secret) {}

  private Key keygen(String name) throws Exception {
    Path identity = dir.resolve(name + ".key");
    run(null, "age-keygen", "-o", identity.toString());
    List<String> lines = Files.readAllLines(identity);
    String recipient = lines.stream().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow().substring(14);
    String secret = lines.stream().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow();
    return new Key(identity, recipient, secret);
  }

  private static byte[] run(byte[] input, String... command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    Thread feeder = new Thread(() -> {
      try (OutputStream in = process.getOutputStream()) {
        if (input != null) {
          in.write(input);
        }
      } catch (IOException ignored) {
        // the process ended early: its exit code says why
      }
    });
    feeder.start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    feeder.join();
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + err).isZero();
    return out;
  }

  private static byte[] encrypt(byte[] plain, AgeRecipients recipients) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream age = recipients.encrypt(out)) {
      for (int i = 0; i < plain.length; i += 10_007) {
        age.write(plain, i, Math.min(10_007, plain.length - i));
      }
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("an object Lanes encrypts to two recipients is opened by the stock age -d with either identity")
  void stockAgeOpensWhatLanesWrites() throws Exception {
    Key dr = keygen("dr");
    Key escrow = keygen("escrow");
    AgeRecipients recipients = AgeRecipients.parse(List.of(dr.recipient(), "# escrow", escrow.recipient()), "test");
    for (int size : new int[] {0, 1, 64 * 1024, 64 * 1024 + 1, 300_000}) {
      byte[] plain = new byte[size];
      RANDOM.nextBytes(plain);

      byte[] sealed = encrypt(plain, recipients);

      Path file = dir.resolve("object-" + size + ".age");
      Files.write(file, sealed);
      assertThat(run(null, "age", "-d", "-i", dr.identity().toString(), file.toString())).as("size %d", size).isEqualTo(plain);
      assertThat(run(null, "age", "-d", "-i", escrow.identity().toString(), file.toString())).isEqualTo(plain);
    }
  }

  @Test
  @DisplayName("Lanes opens what the stock age CLI encrypts, with the identity file age-keygen wrote")
  void lanesOpensWhatStockAgeWrites() throws Exception {
    Key dr = keygen("dr");
    byte[] plain = new byte[200_000];
    RANDOM.nextBytes(plain);

    byte[] sealed = run(plain, "age", "-r", dr.recipient());

    AgeIdentities identities = AgeIdentities.parse(Files.readAllLines(dr.identity()), "file " + dr.identity());
    assertThat(identities.decrypt(new ByteArrayInputStream(sealed)).readAllBytes()).isEqualTo(plain);
  }

  @Test
  @DisplayName("a wrong identity and an altered or cut object are Undecryptable, and messages never show a key")
  void wrongIdentityAlteredOrCut() throws Exception {
    Key dr = keygen("dr");
    Key stranger = keygen("stranger");
    byte[] plain = new byte[150_000];
    RANDOM.nextBytes(plain);
    byte[] sealed = encrypt(plain, AgeRecipients.parse(List.of(dr.recipient()), "test"));
    AgeIdentities right = AgeIdentities.parse(List.of(dr.secret()), "variable RIGHT");
    AgeIdentities wrong = AgeIdentities.parse(Files.readAllLines(stranger.identity()), "file stranger.key");
    byte[] altered = sealed.clone();
    altered[altered.length - 100] ^= 1;
    byte[] cut = Arrays.copyOf(sealed, sealed.length - 70_000);

    assertThatThrownBy(() -> wrong.decrypt(new ByteArrayInputStream(sealed)).readAllBytes())
        .isInstanceOf(EncryptedStream.Undecryptable.class).hasMessageContaining("file stranger.key")
        .hasMessageNotContaining(stranger.secret()).hasMessageNotContaining(dr.secret());
    assertThatThrownBy(() -> right.decrypt(new ByteArrayInputStream(altered)).readAllBytes())
        .isInstanceOf(IOException.class).hasMessageNotContaining(dr.secret());
    assertThatThrownBy(() -> right.decrypt(new ByteArrayInputStream(cut)).readAllBytes())
        .isInstanceOf(IOException.class).hasMessageNotContaining(dr.secret());
    assertThat(right.toString() + wrong).doesNotContain(dr.secret()).doesNotContain(stranger.secret());
  }

  @Test
  @DisplayName("bad recipients and identities are configuration errors naming the source and line, never an identity")
  void badKeysNamed() throws Exception {
    Key dr = keygen("dr");

    assertThatThrownBy(() -> AgeRecipients.parse(List.of("# mine", "age1notakey"), "file r.txt"))
        .isInstanceOf(StepException.class).hasMessage("file r.txt line 2: \"age1notakey\" is not an age X25519 recipient"
            + " (age1..., as age-keygen -y prints)");
    assertThatThrownBy(() -> AgeRecipients.parse(List.of(dr.secret()), "--encryption-recipient"))
        .isInstanceOf(StepException.class).hasMessageContaining("an identity (a private key!)")
        .hasMessageNotContaining(dr.secret());
    String olderKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertThatThrownBy(() -> AgeRecipients.parse(List.of(olderKey), "environment variable LANES_BACKUP_KEY"))
        .isInstanceOf(StepException.class)
        .hasMessage("environment variable LANES_BACKUP_KEY: a value that is not shown is not an age X25519 recipient"
            + " (age1..., as age-keygen -y prints)");
    assertThatThrownBy(() -> AgeRecipients.parse(List.of("# nothing"), "file r.txt"))
        .hasMessageContaining("file r.txt holds no age recipient");
    String broken = dr.secret().substring(0, dr.secret().length() - 2) + "QQ";
    assertThatThrownBy(() -> AgeIdentities.parse(List.of("# created", broken), "file id.txt"))
        .isInstanceOf(StepException.class).hasMessageContaining("file id.txt line 2 is not an age X25519 identity")
        .hasMessageNotContaining(broken);
  }
}
