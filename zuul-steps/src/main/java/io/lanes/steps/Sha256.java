package io.lanes.steps;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 the way the steps write it: a fresh digest, and {@code sha256:<hex>} as registries and records name one. */
public final class Sha256 {
  private Sha256() {}

  /** A new SHA-256 digest (every JDK has one). */
  public static MessageDigest create() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** {@code sha256:<hex>} of a finished digest. */
  public static String prefixed(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String of(byte[] bytes) {
    MessageDigest digest = create();
    digest.update(bytes);
    return prefixed(digest);
  }
}
