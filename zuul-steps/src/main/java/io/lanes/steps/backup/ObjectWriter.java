package io.lanes.steps.backup;

import io.lanes.steps.objectstore.MultipartUploadStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One backup object on its way to the bucket. Raw bytes go in; they pass gzip (on its own thread, see {@link
 * PipelinedGzipOutputStream}), then client-side encryption to age recipients when given ({@link AgeRecipients}), then SHA-256 and size counting of the stored bytes, then the S3 multipart upload
 * (whose parts go out on a third thread). The caller's thread only reads its source.
 */
final class ObjectWriter extends OutputStream {
  private final MultipartUploadStream upload;
  private final DigestingOutputStream stored;
  private final OutputStream encrypted;
  private final PipelinedGzipOutputStream gzip;

  /** Starts the stages for {@code upload}, deflating at {@code level}, encrypting to {@code recipients} when given. */
  ObjectWriter(MultipartUploadStream upload, int level, Optional<AgeRecipients> recipients) throws IOException {
    this.upload = upload;
    this.stored = new DigestingOutputStream(upload);
    this.encrypted = recipients.isPresent() ? recipients.get().encrypt(stored) : null;
    this.gzip = new PipelinedGzipOutputStream(encrypted == null ? stored : encrypted, level, upload.key());
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
  long rawCount() {
    return gzip.count();
  }

  /** Ends the object: waits for the compressor, then completes the upload. Returns what was stored. */
  Stored finish() throws IOException {
    gzip.finish();
    if (encrypted != null) {
      encrypted.close();
    }
    upload.close();
    return new Stored(stored.count(), stored.sha256Hex(), gzip.count());
  }

  /** Abandons the object: stops the compressor and aborts the upload. Never throws. */
  void abort() {
    gzip.abort();
    upload.abort();
  }

  /**
   * What one object became in the bucket.
   *
   * @param size the stored bytes
   * @param sha256 their SHA-256, hex
   * @param rawSize the bytes before compression
   */
  record Stored(long size, String sha256, long rawSize) {}
}
