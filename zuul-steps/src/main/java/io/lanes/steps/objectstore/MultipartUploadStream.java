package io.lanes.steps.objectstore;

import io.lanes.steps.StepException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes to one S3 object through a multipart upload, never holding more than two parts in memory: one part
 * fills while the previous one uploads on a background thread. {@link #close()} completes the upload; {@link
 * #abort()} abandons it, and an upload neither completed nor aborted (the process was killed) is left for the next
 * backup run to abort.
 *
 * <p>A part that makes no progress for the store's stall timeout (no byte of it taken by the HTTP client, no answer)
 * fails the upload: whoever waits for the part (the next part's writer, or {@link #close()}) asks a {@link Stall}
 * about it, and when it has stalled aborts its HTTP request and throws one error naming the object, the bucket and the
 * seconds without progress. A stall is thus found when the part is waited for: with a source that stops producing
 * too, when the next part is full or the object ends.
 */
public final class MultipartUploadStream extends OutputStream {
  /** The first parts' size. S3's minimum is 5 MiB; parts grow so an object may reach 10,000 parts' worth. */
  static final int FIRST_PART_SIZE = 8 * 1024 * 1024;

  private static final int PARTS_PER_SIZE = 1000;

  private final ObjectStore store;
  private final S3Client client;
  private final AbortableHttpClient http;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final Duration stallTimeout;
  private final ExecutorService uploader;
  private volatile Thread uploaderThread;
  private Stall stall;
  private final List<CompletedPart> parts = new ArrayList<>();
  private byte[] buffer = new byte[FIRST_PART_SIZE];
  private byte[] spare;
  private int filled;
  private Future<CompletedPart> pending;
  private boolean finished;

  MultipartUploadStream(
      ObjectStore store, S3Client client, AbortableHttpClient http, String bucket, String key, String uploadId,
      Duration stallTimeout) {
    this.store = store;
    this.client = client;
    this.http = http;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.stallTimeout = stallTimeout;
    this.uploader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "upload-" + key);
              thread.setDaemon(true);
              uploaderThread = thread;
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
    Stall watch = new Stall(stallTimeout, System.nanoTime());
    stall = watch;
    pending = uploader.submit(() -> uploadPart(partNumber, part, size, watch));
    int nextSize = FIRST_PART_SIZE << Math.min(4, partNumber / PARTS_PER_SIZE);
    buffer = spare != null && spare.length == nextSize ? spare : new byte[nextSize];
    spare = part.length == nextSize ? part : null;
    filled = 0;
  }

  private CompletedPart uploadPart(int partNumber, byte[] part, int size, Stall watch) {
    String etag =
        client
            .uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) size),
                // the SDK reads the part from the buffer (once to sign it, once to send it): no copy; each read is
                // progress (the HTTP client reads as the socket takes the bytes)
                RequestBody.fromContentProvider(
                    () -> new WatchedPart(part, size, watch), size, "application/octet-stream"))
            .eTag();
    watch.progress(System.nanoTime());
    return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
  }

  /** A part's bytes, each read of them progress. */
  private static final class WatchedPart extends ByteArrayInputStream {
    private final Stall watch;

    WatchedPart(byte[] part, int size, Stall watch) {
      super(part, 0, size);
      this.watch = watch;
    }

    @Override
    public synchronized int read() {
      watch.progress(System.nanoTime());
      return super.read();
    }

    @Override
    public synchronized int read(byte[] bytes, int offset, int length) {
      watch.progress(System.nanoTime());
      return super.read(bytes, offset, length);
    }
  }

  private void awaitPending() {
    if (pending == null) {
      return;
    }
    try {
      parts.add(awaitProgress());
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

  /**
   * The pending part once acknowledged; fails when it stalls, after interrupting its thread (so the SDK does not
   * retry) and aborting its HTTP request (so a blocked socket write ends).
   */
  private CompletedPart awaitProgress() throws ExecutionException, InterruptedException {
    long poll = stall.pollInterval().toNanos();
    while (true) {
      try {
        return pending.get(poll, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        OptionalLong stalled = stall.stalledFor(System.nanoTime());
        if (stalled.isPresent()) {
          pending.cancel(true);
          Thread thread = uploaderThread;
          if (thread != null) {
            http.abort(thread);
          }
          throw StepException.failure(
              "upload of " + key + " to " + store.where() + " stalled: no progress for " + stalled.getAsLong()
                  + " s (part " + (parts.size() + 1) + "; stall timeout " + stallTimeout.toSeconds()
                  + " s): is the endpoint's storage full?",
              null);
        }
      }
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
                          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))
                              .overrideConfiguration(o -> o.apiCallTimeout(stallTimeout))))
              .versionId();
      finished = true;
      store.retainCompleted(key, version);
    } finally {
      uploader.shutdownNow();
    }
  }

  /**
   * Abandons the upload: the parts sent so far are deleted, the object never appears. Never throws; an abort that
   * fails or finds no answer within the stall timeout leaves the upload to the next backup run to abort.
   */
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    uploader.shutdownNow();
    try {
      client.abortMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).overrideConfiguration(o -> o.apiCallTimeout(stallTimeout)));
    } catch (SdkException e) {
      // The next backup run aborts uploads left behind.
    }
  }
}
