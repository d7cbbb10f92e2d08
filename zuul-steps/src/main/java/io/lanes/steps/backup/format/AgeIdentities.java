package io.lanes.steps.backup.format;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The age identities (X25519 private keys, {@code AGE-SECRET-KEY-1...}, as {@code age-keygen} writes them) that open
 * age-encrypted backups. Never shown: {@link #toString()} and every message name only where they came from.
 */
public final class AgeIdentities {
  private final List<String> identities;
  private final String source;

  private AgeIdentities(List<String> identities, String source) {
    this.identities = identities;
    this.source = source;
  }

  /**
   * The identities in {@code lines}, in age's identity-file format (one per line; blank lines and {@code #} comments,
   * such as age-keygen's, ignored); {@code source} names where they came from (a file or a variable, never the value).
   */
  public static AgeIdentities parse(List<String> lines, String source) {
    List<String> found = new ArrayList<>();
    int number = 0;
    for (String line : lines) {
      number++;
      String identity = line.strip();
      if (identity.isEmpty() || identity.startsWith("#")) {
        continue;
      }
      try {
        X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw StepException.configuration(
            source + (lines.size() > 1 ? " line " + number : "")
                + " is not an age X25519 identity (AGE-SECRET-KEY-1..., as age-keygen writes; its value is not shown)");
      }
      found.add(identity);
    }
    if (found.isEmpty()) {
      throw StepException.configuration(source + " holds no age identity (AGE-SECRET-KEY-1..., as age-keygen writes)");
    }
    return new AgeIdentities(List.copyOf(found), source);
  }

  /** Where the identities came from, for messages. */
  public String source() {
    return source;
  }

  /**
   * The plaintext of the age file read from {@code stored}. A file none of the identities opens, or one altered or
   * cut, fails the read with {@link EncryptedStream.Undecryptable}.
   */
  public InputStream decrypt(InputStream stored) throws IOException {
    List<RecipientStanzaReader> readers = new ArrayList<>();
    try {
      for (String identity : identities) {
        readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity));
      }
      return new Failing(
          Channels.newInputStream(
              new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(stored), readers)));
    } catch (GeneralSecurityException e) {
      throw new EncryptedStream.Undecryptable(
          "no age identity from " + source + " opens it (a wrong identity, or the object was altered)");
    }
  }

  @Override
  public String toString() {
    return "age identities from " + source;
  }

  /** Turns a decryption failure in mid-stream into {@link EncryptedStream.Undecryptable}, without key material. */
  private final class Failing extends java.io.FilterInputStream {
    Failing(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw undecryptable(e);
      }
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      try {
        return super.read(bytes, offset, length);
      } catch (IOException e) {
        throw undecryptable(e);
      }
    }

    private IOException undecryptable(IOException e) {
      if (e instanceof EncryptedStream.Undecryptable || !(e.getCause() instanceof GeneralSecurityException)) {
        return e;
      }
      return new EncryptedStream.Undecryptable("the age file is altered or cut (" + e.getClass().getSimpleName() + ")");
    }
  }
}
