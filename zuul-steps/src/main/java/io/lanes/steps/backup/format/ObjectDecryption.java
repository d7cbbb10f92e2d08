package io.lanes.steps.backup.format;

import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * How one backup's objects are opened, decided from its manifest: as stored (not encrypted), as age files ({@link
 * AgeIdentities}, what backups are written as), or in the older {@value EncryptedStream#ALGORITHM} format (backups
 * written before age, still read with their {@link BackupKey}). A missing or unusable key is a configuration error
 * before any object is read.
 */
public final class ObjectDecryption {
  private final String suffix;
  private final Opener opener;

  private interface Opener {
    InputStream open(InputStream stored) throws IOException;
  }

  private ObjectDecryption(String suffix, Opener opener) {
    this.suffix = suffix;
    this.opener = opener;
  }

  /** What {@code manifest}'s objects need, given the identities and the older-format key the user gave. */
  public static ObjectDecryption forManifest(
      BackupManifest manifest, Optional<AgeIdentities> identities, Optional<BackupKey> key, PrintWriter err) {
    BackupManifest.Encryption encryption = manifest.encryption();
    if (encryption == null) {
      identities.ifPresent(i -> err.println("note: backup " + manifest.id() + " is not encrypted; the " + i + " are not used"));
      key.ifPresent(k -> err.println("note: backup " + manifest.id() + " is not encrypted; the " + k + " is not used"));
      return new ObjectDecryption("", stored -> stored);
    }
    if (AgeRecipients.ALGORITHM.equals(encryption.algorithm())) {
      if (identities.isEmpty()) {
        throw StepException.configuration(
            "backup " + manifest.id() + " is encrypted with age to "
                + (encryption.recipients() == null ? "recipients not recorded" : String.join(", ", encryption.recipients()))
                + ": give an identity that opens it with --encryption-identity-file or --encryption-identity-env");
      }
      AgeIdentities age = identities.get();
      return new ObjectDecryption(AgeRecipients.SUFFIX, age::decrypt);
    }
    if (EncryptedStream.ALGORITHM.equals(encryption.algorithm())) {
      return new ObjectDecryption(BackupLayout.ENCRYPTED_SUFFIX, legacy(manifest, encryption, key));
    }
    throw StepException.configuration(
        "backup " + manifest.id() + " is encrypted with " + encryption.algorithm() + ", which this build cannot"
            + " decrypt (it knows " + AgeRecipients.ALGORITHM + " and " + EncryptedStream.ALGORITHM + ")");
  }

  /**
   * What a binlog segment ({@code what}) encrypted as {@code encryption} needs: age, or nothing. A missing identity is
   * a configuration error naming the segment.
   */
  public static ObjectDecryption forSegment(
      String what, BackupManifest.Encryption encryption, Optional<AgeIdentities> identities) {
    if (encryption == null) {
      return new ObjectDecryption("", stored -> stored);
    }
    if (!AgeRecipients.ALGORITHM.equals(encryption.algorithm())) {
      throw StepException.configuration(what + " is encrypted with " + encryption.algorithm() + ", which this build"
          + " cannot decrypt for binlogs (it knows " + AgeRecipients.ALGORITHM + ")");
    }
    if (identities.isEmpty()) {
      throw StepException.configuration(
          what + " is encrypted with age to " + String.join(", ", encryption.recipients())
              + ": give an identity that opens it with --encryption-identity-file or --encryption-identity-env");
    }
    AgeIdentities age = identities.get();
    return new ObjectDecryption(AgeRecipients.SUFFIX, age::decrypt);
  }

  private static Opener legacy(BackupManifest manifest, BackupManifest.Encryption encryption, Optional<BackupKey> key) {
    if (key.isEmpty()) {
      throw StepException.configuration(
          "backup " + manifest.id() + " is encrypted in the older " + EncryptedStream.ALGORITHM + " format (key id "
              + encryption.keyId() + "): give its key with --encryption-key-file or --encryption-key-env");
    }
    if (!key.get().id().equals(encryption.keyId())) {
      throw StepException.configuration(
          "wrong encryption key: backup " + manifest.id() + " was encrypted with key id " + encryption.keyId()
              + ", the key from " + key.get().source() + " has key id " + key.get().id() + "; nothing was restored");
    }
    BackupKey found = key.get();
    return stored -> new EncryptedStream.Reader(stored, found);
  }

  /** Whether the objects are encrypted. */
  public boolean encrypted() {
    return !suffix.isEmpty();
  }

  /** The key an object is stored under, from its plain key ({@code mysql/dump.sql.gz} to {@code ...gz.age}). */
  public String stored(String plainKey) {
    return plainKey + suffix;
  }

  /** The object's content, decrypted, still compressed. */
  public InputStream open(InputStream stored) throws IOException {
    return opener.open(stored);
  }
}
