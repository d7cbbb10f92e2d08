package io.lanes.steps.objectstore;

import io.lanes.steps.StepException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes to one S3 object through a multipart upload, never holding more than two parts in memory: one part
 * fills while the previous one uploads on a background thread. {@link #close()} completes the upload; {@link
 * #abort()} abandons it, and an upload neither completed nor aborted (the process was killed) is left for the next
 * backup run to abort.
 */
public final class MultipartUploadStream extends OutputStream {
  /** The first parts' size. S3's minimum is 5 MiB; parts grow so an object may reach 10,000 parts' worth. */
  static final int FIRST_PART_SIZE = 8 * 1024 * 1024;

  private static final int PARTS_PER_SIZE = 1000;

  private final ObjectStore store;
  private final S3Client client;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final ExecutorService uploader;
  private final List<CompletedPart> parts = new ArrayList<>();
  private byte[] buffer = new byte[FIRST_PART_SIZE];
  private byte[] spare;
  private int filled;
  private Future<CompletedPart> pending;
  private boolean finished;

  MultipartUploadStream(ObjectStore store, S3Client client, String bucket, String key, String uploadId) {
    this.store = store;
    this.client = client;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.uploader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "upload-" + key);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The object's key. */
  public String key() {
    return key;
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == buffer.length) {
      flushPart();
    }
    buffer[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (filled == buffer.length) {
        flushPart();
      }
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  private void flushPart() {
    awaitPending();
    int partNumber = parts.size() + 1;
    byte[] part = buffer;
    int size = filled;
    pending = uploader.submit(() -> uploadPart(partNumber, part, size));
    int nextSize = FIRST_PART_SIZE << Math.min(4, partNumber / PARTS_PER_SIZE);
    buffer = spare != null && spare.length == nextSize ? spare : new byte[nextSize];
    spare = part.length == nextSize ? part : null;
    filled = 0;
  }

  private CompletedPart uploadPart(int partNumber, byte[] part, int size) {
    String etag =
        client
            .uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) size),
                // the SDK reads the part from the buffer (once to sign it, once to send it): no copy
                RequestBody.fromContentProvider(
                    () -> new ByteArrayInputStream(part, 0, size), size, "application/octet-stream"))
            .eTag();
    return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
  }

  private void awaitPending() {
    if (pending == null) {
      return;
    }
    try {
      parts.add(pending.get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SdkException sdk) {
        throw store.translate("upload part " + (parts.size() + 1) + " of " + key, sdk);
      }
      throw StepException.failure("upload of " + key + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("upload of " + key + ": interrupted", e);
    } finally {
      pending = null;
    }
  }

  /** Uploads the last part and completes the object. */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    try {
      if (filled > 0 || (parts.isEmpty() && pending == null)) {
        flushPart();
      }
      awaitPending();
      String version =
          store.call(
                  "complete upload of " + key,
                  () ->
                      client.completeMultipartUpload(
                          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))))
              .versionId();
      finished = true;
      store.retainCompleted(key, version);
    } finally {
      uploader.shutdownNow();
    }
  }

  /** Abandons the upload: the parts sent so far are deleted, the object never appears. Never throws. */
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    uploader.shutdownNow();
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // The next backup run aborts uploads left behind.
    }
  }
}
