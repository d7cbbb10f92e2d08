package io.lanes.steps.backup.format;

import io.lanes.steps.StepException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts a platform's backups on the client side: 32 random bytes, written in base64 (make one with
 * {@code openssl rand -base64 32}). Its bytes are never shown: {@link #toString()} and every message name only where
 * the key came from and its {@link #id()}, a one-way fingerprint recorded in the manifest so that restore can tell a
 * wrong key before it reads any data.
 */
public final class BackupKey {
  /** The key's length in bytes (AES-256). */
  static final int LENGTH = 32;

  private final byte[] bytes;
  private final String source;
  private final String id;

  private BackupKey(byte[] bytes, String source) {
    this.bytes = bytes;
    this.source = source;
    this.id = HexFormat.of().formatHex(Arrays.copyOf(hmac("lanes backup key id".getBytes(StandardCharsets.UTF_8)), 8));
  }

  /**
   * The key in {@code text} (base64 of {@value #LENGTH} bytes, surrounding white space ignored); {@code source}
   * names where it came from in messages (a file or a variable, never the value).
   */
  public static BackupKey parse(String text, String source) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw StepException.configuration(
          "the encryption key in " + source + " is not base64 (make one with: openssl rand -base64 32)");
    }
    if (decoded.length != LENGTH) {
      throw StepException.configuration(
          "the encryption key in " + source + " holds " + decoded.length + " bytes, not " + LENGTH
              + " (make one with: openssl rand -base64 32)");
    }
    return new BackupKey(decoded, source);
  }

  /** The key's fingerprint: 16 hex digits of an HMAC-SHA256 under the key; it does not reveal the key. */
  public String id() {
    return id;
  }

  /** Where the key came from, for messages: {@code file /run/key} or {@code environment variable X}. */
  public String source() {
    return source;
  }

  /** HMAC-SHA256 of {@code data} under this key: derives the per-object keys. */
  byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "encryption key " + id + " from " + source;
  }
}
