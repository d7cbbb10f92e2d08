package io.lanes.steps.backup.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EncryptedStreamTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static BackupKey newKey() {
    byte[] bytes = new byte[BackupKey.LENGTH];
    RANDOM.nextBytes(bytes);
    return BackupKey.parse(Base64.getEncoder().encodeToString(bytes), "test");
  }

  private static byte[] encrypt(byte[] plain, BackupKey key) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (EncryptedStream.Writer writer = new EncryptedStream.Writer(out, key)) {
      // odd write sizes, so segments never line up with writes
      for (int i = 0; i < plain.length; i += 10_007) {
        writer.write(plain, i, Math.min(10_007, plain.length - i));
      }
    }
    return out.toByteArray();
  }

  private static byte[] decrypt(byte[] sealed, BackupKey key) throws IOException {
    return new EncryptedStream.Reader(new ByteArrayInputStream(sealed), key).readAllBytes();
  }

  @Test
  @DisplayName("what is encrypted decrypts to the same bytes, for empty, partial, exact and multiple segments")
  void roundTrip() throws IOException {
    BackupKey key = newKey();
    int segment = EncryptedStream.SEGMENT;
    for (int size : new int[] {0, 1, segment - 1, segment, segment + 1, 3 * segment, 5 * segment + 123}) {
      byte[] plain = new byte[size];
      RANDOM.nextBytes(plain);

      byte[] sealed = encrypt(plain, key);

      assertThat(decrypt(sealed, key)).as("size %d", size).isEqualTo(plain);
      assertThat(sealed.length).as("size %d", size).isGreaterThan(size);
    }
  }

  @Test
  @DisplayName("the stored bytes do not contain the plaintext, and two encryptions of the same data differ")
  void ciphertextHidesPlaintext() throws IOException {
    BackupKey key = newKey();
    byte[] plain = "INSERT INTO `courses` VALUES (1,'secret course');".repeat(100).getBytes();

    byte[] first = encrypt(plain, key);
    byte[] second = encrypt(plain, key);

    assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("secret course");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  @DisplayName("another key cannot open the object: the read fails saying the key does not open it")
  void wrongKeyRefused() throws IOException {
    byte[] sealed = encrypt(new byte[1000], newKey());

    assertThatThrownBy(() -> decrypt(sealed, newKey()))
        .isInstanceOf(EncryptedStream.Undecryptable.class)
        .hasMessageContaining("the encryption key does not open it");
  }

  @Test
  @DisplayName("an object cut at a segment boundary is refused, not read as a shorter whole")
  void truncationRefused() throws IOException {
    BackupKey key = newKey();
    byte[] sealed = encrypt(new byte[3 * EncryptedStream.SEGMENT + 10], key);
    int header = 8 + 32;
    byte[] cut = Arrays.copyOf(sealed, header + 2 * (EncryptedStream.SEGMENT + 16));

    assertThatThrownBy(() -> decrypt(cut, key)).isInstanceOf(EncryptedStream.Undecryptable.class);
  }

  @Test
  @DisplayName("a flipped bit anywhere in a segment is refused")
  void alterationRefused() throws IOException {
    BackupKey key = newKey();
    byte[] sealed = encrypt(new byte[2 * EncryptedStream.SEGMENT], key);
    sealed[sealed.length - 100] ^= 1;

    assertThatThrownBy(() -> decrypt(sealed, key)).isInstanceOf(EncryptedStream.Undecryptable.class);
  }

  @Test
  @DisplayName("a key that is not base64 of 32 bytes is one configuration error naming its source, never its value")
  void badKeyNamesSourceOnly() {
    String canary = "Y2FuYXJ5LWtleS12YWx1ZQ==";

    assertThatThrownBy(() -> BackupKey.parse(canary, "environment variable LANES_BACKUP_KEY"))
        .hasMessageContaining("environment variable LANES_BACKUP_KEY")
        .hasMessageContaining("holds 16 bytes, not 32")
        .hasMessageNotContaining(canary);
    assertThatThrownBy(() -> BackupKey.parse("not base64 !!", "file /run/key"))
        .hasMessageContaining("file /run/key is not base64")
        .hasMessageNotContaining("not base64 !!");
  }

  @Test
  @DisplayName("a key shows only its id and source; the id is stable for a key and differs between keys")
  void keyShowsIdOnly() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String text = Base64.getEncoder().encodeToString(bytes);

    BackupKey key = BackupKey.parse(text, "file k");

    assertThat(key.toString()).doesNotContain(text).contains(key.id()).contains("file k");
    assertThat(key.id()).hasSize(16).isEqualTo(BackupKey.parse(text, "elsewhere").id()).isNotEqualTo(newKey().id());
  }
}
