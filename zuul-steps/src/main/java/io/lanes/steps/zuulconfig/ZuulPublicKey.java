package io.lanes.steps.zuulconfig;

import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A Zuul project's public key, as {@code zuul-web} serves it ({@code GET /api/tenant/<tenant>/key/<project>.pub}, a
 * PEM {@code PUBLIC KEY}), and what Zuul's {@code !encrypted/pkcs1-oaep} values are: RSA-OAEP with SHA-1 and MGF1
 * over SHA-1 (Zuul's {@code encrypt_pkcs1_oaep}), the plaintext cut into chunks the key can hold, each chunk one
 * base64 item (as {@code zuul-client encrypt} writes them). The executor decrypts and joins them.
 */
public final class ZuulPublicKey {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";
  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
  /** RSA-OAEP's overhead with SHA-1: twice the digest (20 bytes) and two. */
  private static final int OAEP_OVERHEAD = 2 * 20 + 2;

  private final RSAPublicKey key;

  private ZuulPublicKey(RSAPublicKey key) {
    this.key = key;
  }

  /** Reads the key in {@code file}; anything but a PEM RSA public key is a configuration error naming the file. */
  public static ZuulPublicKey read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read the project's public key: " + e.getMessage(), e);
    }
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw StepException.configuration(
          file + ": not a PEM public key (a PUBLIC KEY block), as zuul-web serves at"
              + " /api/tenant/<tenant>/key/<project>.pub");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
      if (!(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)) instanceof RSAPublicKey rsa)) {
        throw StepException.configuration(file + ": not an RSA public key");
      }
      return new ZuulPublicKey(rsa);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw StepException.configuration(file + ": not a valid RSA public key: " + e.getMessage(), e);
    }
  }

  /**
   * {@code plaintext} encrypted for the project: one base64 string per chunk. Zuul decodes each decrypted chunk as
   * UTF-8 on its own, so a chunk never ends inside a character.
   */
  public List<String> encrypt(String plaintext) {
    byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
    int limit = key.getModulus().bitLength() / 8 - OAEP_OVERHEAD;
    List<String> chunks = new ArrayList<>();
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
      int offset = 0;
      do {
        int end = Math.min(bytes.length, offset + limit);
        while (end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
          end--;
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, OAEP);
        chunks.add(Base64.getEncoder().encodeToString(cipher.doFinal(Arrays.copyOfRange(bytes, offset, end))));
        offset = end;
      } while (offset < bytes.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP is part of every JDK", e);
    }
    return chunks;
  }
}
