package io.lanes.steps.backup.format;

import io.lanes.steps.BlockInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The older encrypted form of a backup object, {@value #ALGORITHM}, which backups written before age used and
 * restore still reads ({@link AgeRecipients} writes new ones; the {@link Writer} stays to make such objects in tests):
 * a streaming AEAD that needs no more memory than one
 * segment, whatever the object's size (Java's one-shot AES-GCM would hold a whole object while decrypting).
 *
 * <pre>
 * header   "LANESEC1" (8 bytes) + salt (32 random bytes)
 * key      HMAC-SHA256(backup key, "lanes backup object" + salt)       one AES-256 key per object
 * segments AES-256-GCM of 64 KiB of plaintext each (the last one shorter, possibly empty), 16-byte tag each;
 *          nonce = segment number (8 bytes, big-endian) + 3 zero bytes + 1 if last segment else 0
 * </pre>
 *
 * Reordered, dropped, truncated or altered segments fail the tag check, as does a wrong key.
 */
public final class EncryptedStream {
  /** The algorithm's name, as recorded in the manifest. */
  public static final String ALGORITHM = "lanes-aes-256-gcm-stream-1";

  /** Plaintext bytes per segment. */
  static final int SEGMENT = 64 * 1024;

  private static final byte[] MAGIC = "LANESEC1".getBytes(StandardCharsets.US_ASCII);
  private static final int SALT = 32;
  private static final int TAG = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EncryptedStream() {}

  private static SecretKeySpec objectKey(BackupKey key, byte[] salt) {
    byte[] info = "lanes backup object".getBytes(StandardCharsets.US_ASCII);
    byte[] data = Arrays.copyOf(info, info.length + salt.length);
    System.arraycopy(salt, 0, data, info.length, salt.length);
    return new SecretKeySpec(key.hmac(data), "AES");
  }

  private static GCMParameterSpec nonce(long segment, boolean last) {
    byte[] nonce = ByteBuffer.allocate(12).putLong(segment).put(new byte[3]).put((byte) (last ? 1 : 0)).array();
    return new GCMParameterSpec(TAG * 8, nonce);
  }

  private static Cipher cipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no AES/GCM", e);
    }
  }

  /** Encrypts what is written into the target stream; {@link #close()} writes the last segment. */
  public static final class Writer extends FilterOutputStream {
    private final Cipher cipher = cipher();
    private final SecretKeySpec objectKey;
    private final byte[] plain = new byte[SEGMENT];
    private final byte[] sealed = new byte[SEGMENT + TAG];
    private int filled;
    private long segment;
    private boolean closed;

    /** Writes the header to {@code target} at once. */
    public Writer(OutputStream target, BackupKey key) throws IOException {
      super(target);
      byte[] salt = new byte[SALT];
      RANDOM.nextBytes(salt);
      objectKey = objectKey(key, salt);
      target.write(MAGIC);
      target.write(salt);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        if (filled == SEGMENT) {
          seal(false);
        }
        int n = Math.min(length, SEGMENT - filled);
        System.arraycopy(bytes, offset, plain, filled, n);
        filled += n;
        offset += n;
        length -= n;
      }
    }

    private void seal(boolean last) throws IOException {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, objectKey, nonce(segment++, last));
        int n = cipher.doFinal(plain, 0, filled, sealed, 0);
        out.write(sealed, 0, n);
        filled = 0;
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot encrypt: " + e.getMessage(), e);
      }
    }

    /** Writes the last segment; does not close the target. */
    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        seal(true);
      }
    }
  }

  /**
   * Decrypts an encrypted object as it is read. A wrong key or an altered, truncated or reordered object ends the read
   * with {@link Undecryptable}.
   */
  public static final class Reader extends BlockInputStream {
    private final InputStream in;
    private final BackupKey key;
    private final Cipher cipher = cipher();
    private SecretKeySpec objectKey;
    private final byte[] sealed = new byte[SEGMENT + TAG + 1];
    private int sealedLength;
    private final byte[] plain = new byte[SEGMENT];
    private int plainLength;
    private int position;
    private long segment;
    private boolean last;

    public Reader(InputStream in, BackupKey key) {
      this.in = in;
      this.key = key;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (position == plainLength) {
        if (last) {
          return -1;
        }
        nextSegment();
      }
      int n = Math.min(length, plainLength - position);
      System.arraycopy(plain, position, bytes, offset, n);
      position += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, 8192)];
      int read = read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    @Override
    public int available() {
      return plainLength - position;
    }

    private void nextSegment() throws IOException {
      if (objectKey == null) {
        byte[] header = new byte[MAGIC.length + SALT];
        if (in.readNBytes(header, 0, header.length) != header.length
            || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
          throw new Undecryptable("not an encrypted backup object (no " + ALGORITHM + " header)");
        }
        objectKey = objectKey(key, Arrays.copyOfRange(header, MAGIC.length, header.length));
      }
      // one byte beyond a full segment tells whether another segment follows
      int wanted = SEGMENT + TAG + 1;
      sealedLength += in.readNBytes(sealed, sealedLength, wanted - sealedLength);
      boolean isLast = sealedLength < wanted;
      int segmentLength = isLast ? sealedLength : SEGMENT + TAG;
      if (segmentLength < TAG) {
        throw new Undecryptable("truncated: segment " + segment + " is " + segmentLength + " bytes long");
      }
      try {
        cipher.init(Cipher.DECRYPT_MODE, objectKey, nonce(segment++, isLast));
        plainLength = cipher.doFinal(sealed, 0, segmentLength, plain, 0);
      } catch (AEADBadTagException e) {
        throw new Undecryptable("the encryption key does not open it (a wrong key, or the object was altered)");
      } catch (GeneralSecurityException e) {
        throw new Undecryptable("cannot decrypt: " + e.getMessage());
      }
      position = 0;
      last = isLast;
      if (!isLast) {
        sealed[0] = sealed[SEGMENT + TAG];
        sealedLength = 1;
      }
    }
  }

  /** An object that cannot be decrypted: the message says why, never with key material. */
  public static final class Undecryptable extends IOException {
    Undecryptable(String message) {
      super(message);
    }
  }
}
