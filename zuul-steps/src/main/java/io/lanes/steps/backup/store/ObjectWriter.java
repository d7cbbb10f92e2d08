package io.lanes.steps.backup.store;

import io.lanes.steps.Sha256Counter;
import io.lanes.steps.backup.format.AgeRecipients;
import io.lanes.steps.objectstore.MultipartUploadStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One backup object on its way to the bucket. Raw bytes go in; they pass gzip (on its own thread, see {@link
 * PipelinedGzipOutputStream}), then client-side encryption to age recipients when given ({@link AgeRecipients}), then SHA-256 and size counting of the stored bytes, then the S3 multipart upload
 * (whose parts go out on a third thread). The caller's thread only reads its source.
 */
public final class ObjectWriter extends OutputStream {
  private final MultipartUploadStream upload;
  private final Sha256Counter stored = new Sha256Counter();
  private final OutputStream encrypted;
  private final PipelinedGzipOutputStream gzip;

  /** Starts the stages for {@code upload}, deflating at {@code level}, encrypting to {@code recipients} when given. */
  public ObjectWriter(MultipartUploadStream upload, int level, Optional<AgeRecipients> recipients) throws IOException {
    this.upload = upload;
    OutputStream counted = stored.writing(upload);
    this.encrypted = recipients.isPresent() ? recipients.get().encrypt(counted) : null;
    this.gzip = new PipelinedGzipOutputStream(encrypted == null ? counted : encrypted, level, upload.key());
  }

  @Override
  public void write(int b) throws IOException {
    gzip.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    gzip.write(bytes, offset, length);
  }

  /** The bytes written so far, before compression. */
  public long rawCount() {
    return gzip.count();
  }

  /** Ends the object: waits for the compressor, then completes the upload. Returns what was stored. */
  public Stored finish() throws IOException {
    gzip.finish();
    if (encrypted != null) {
      encrypted.close();
    }
    upload.close();
    return new Stored(stored.count(), stored.sha256Hex(), gzip.count());
  }

  /** Abandons the object: stops the compressor and aborts the upload. Never throws. */
  public void abort() {
    gzip.abort();
    upload.abort();
  }

  /**
   * A small object (a collection's metadata), in memory, through the same stages as a streamed one: gzip (at its
   * default level), then encryption to the age recipients when given, then the SHA-256 and size of the stored bytes.
   */
  public static Small small(byte[] content, Optional<AgeRecipients> recipients) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Sha256Counter stored = new Sha256Counter();
    try {
      OutputStream counted = stored.writing(buffer);
      OutputStream encrypted = recipients.isPresent() ? recipients.get().encrypt(counted) : null;
      GZIPOutputStream gzip = new GZIPOutputStream(encrypted == null ? counted : encrypted);
      gzip.write(content);
      gzip.finish();
      if (encrypted != null) {
        encrypted.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Small(buffer.toByteArray(), new Stored(stored.count(), stored.sha256Hex(), content.length));
  }

  /**
   * A small object ready for the bucket.
   *
   * @param bytes what to store
   * @param stored what they are
   */
  public record Small(byte[] bytes, Stored stored) {}

  /**
   * What one object became in the bucket.
   *
   * @param size the stored bytes
   * @param sha256 their SHA-256, hex
   * @param rawSize the bytes before compression
   */
  public record Stored(long size, String sha256, long rawSize) {}
}
