package io.lanes.steps.backup.format;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The age recipients (X25519 public keys, {@code age1...}) a backup is encrypted to: each object is an age file
 * (age-encryption.org/v1) that any one of the matching identities opens, with Lanes or with the stock {@code age -d}.
 * Several recipients let the DR site and an offline escrow key each decrypt. Recipients are public: messages may name
 * them.
 */
public final class AgeRecipients {
  /** The algorithm's name, as recorded in the manifest. */
  public static final String ALGORITHM = "age";

  /** What an age-encrypted object's key ends with (the age tool's own convention). */
  public static final String SUFFIX = BackupLayout.AGE_SUFFIX;

  private final List<String> recipients;

  private AgeRecipients(List<String> recipients) {
    this.recipients = List.copyOf(recipients);
  }

  /**
   * The recipients in {@code text}, in age's recipients-file format (one per line; blank lines and {@code #} comments
   * ignored); {@code source} names where they came from in errors.
   */
  public static AgeRecipients parse(List<String> lines, String source) {
    List<String> found = new ArrayList<>();
    int number = 0;
    for (String line : lines) {
      number++;
      String recipient = line.strip();
      if (recipient.isEmpty() || recipient.startsWith("#")) {
        continue;
      }
      try {
        X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
      } catch (GeneralSecurityException | RuntimeException e) {
        // only what looks like a public key is shown: anything else may be a secret (an identity, an older key)
        String shown =
            recipient.startsWith("AGE-SECRET-KEY-")
                ? "an identity (a private key!)"
                : recipient.startsWith("age1") ? "\"" + recipient + "\"" : "a value that is not shown";
        throw StepException.configuration(
            source + (lines.size() > 1 ? " line " + number : "") + ": " + shown
                + " is not an age X25519 recipient (age1..., as age-keygen -y prints)");
      }
      found.add(recipient);
    }
    if (found.isEmpty()) {
      throw StepException.configuration(source + " holds no age recipient (age1..., one per line)");
    }
    return new AgeRecipients(found);
  }

  /** The recipients, as given. */
  public List<String> recipients() {
    return recipients;
  }

  /** What the manifest records: the algorithm and the recipients (public keys, never an identity). */
  public BackupManifest.Encryption manifestEntry() {
    return new BackupManifest.Encryption(ALGORITHM, null, recipients);
  }

  /**
   * An age file written into {@code target} as bytes are written to the returned stream; closing that stream writes
   * the last chunk and leaves {@code target} open.
   */
  public OutputStream encrypt(OutputStream target) throws IOException {
    List<RecipientStanzaWriter> writers = new ArrayList<>();
    try {
      for (String recipient : recipients) {
        writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient));
      }
      return Channels.newOutputStream(
          new StandardEncryptingChannelFactory().newEncryptingChannel(new Unclosed(target), writers));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start age encryption: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return recipients.size() + " age recipient" + (recipients.size() == 1 ? "" : "s") + " (" + String.join(", ", recipients) + ")";
  }

  /** A channel onto a stream that closing does not close: the stages after encryption end on their own. */
  private static final class Unclosed implements WritableByteChannel {
    private final OutputStream out;
    private boolean open = true;

    Unclosed(OutputStream out) {
      this.out = out;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      int n = source.remaining();
      if (source.hasArray()) {
        out.write(source.array(), source.arrayOffset() + source.position(), n);
        source.position(source.limit());
      } else {
        byte[] bytes = new byte[n];
        source.get(bytes);
        out.write(bytes);
      }
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
