package io.lanes.steps.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip of a stream, read as a stream, deflated in parallel blocks as pigz and Go's pgzip (what skopeo and podman
 * use) do: the input is cut into {@value #BLOCK_SIZE}-byte blocks, each deflated on its own thread with the previous
 * block's last 32 KiB as its dictionary (so the ratio is within a fraction of a percent of one deflate) and ended
 * with a sync flush; the blocks, in order, then an empty final block, make one ordinary gzip member that any gunzip
 * reads. The output is a function of the input bytes and the level only (fixed block size, no time or name in the
 * header), so the same layer always gives the same blob.
 *
 * <p>Pull-based: whoever reads this stream reads the input (in order, on its own thread) and takes the blocks'
 * output in order; at most {@code 2 × threads} blocks are in flight, so memory stays bounded whatever the input size.
 * A read error of the input surfaces from this stream's {@code read}. {@link #close()} stops the workers; it does not
 * close the input.
 */
final class ParallelGzipStream extends InputStream {
  /** The input each worker deflates at once (pgzip's default). */
  static final int BLOCK_SIZE = 1 << 20;

  /**
   * The level push-image compresses layers at: 3, not gzip's default 6. Measured on a 104 MiB tar of this machine's
   * Python trees (sources, .pyc, a few .so), JDK 25's zlib, one thread: level 6 gives 29.1 % of the input at 25 MiB/s
   * of CPU, level 3 31.5 % at 54 MiB/s, level 1 33.2 % at 72 MiB/s. Against skopeo (whose gzip at its default level is
   * Go's klauspost/pgzip, a faster deflate than zlib's) on a 200 MiB Python-tree layer (bench/push-image.sh): level 6
   * sent 0.95 times skopeo's bytes for 2.2 times its CPU and wall time; level 3 sends 1.05 times its bytes for 1.4
   * times its CPU, 1.04 times its wall time (docs/steps/push-image.md). Level 1 would send ~1.1 times its bytes.
   */
  static final int DEFAULT_LEVEL = 3;

  private static final int DICTIONARY = 32 * 1024;
  /** ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): no name, no time, the same bytes on every machine. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final InputStream in;
  private final int level;
  private final int inFlight;
  private final ExecutorService workers;
  private final Deque<Future<byte[]>> blocks = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private byte[] dictionary = new byte[0];
  private long inputSize;
  private boolean inputEnded;
  private boolean trailerQueued;
  private byte[] current = HEADER;
  private int position;

  /** The gzip of {@code in} at {@code level}, deflated on {@code threads} threads. */
  ParallelGzipStream(InputStream in, int level, int threads) {
    if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("gzip level " + level + " is not between 1 and 9");
    }
    this.in = in;
    this.level = level;
    this.inFlight = 2 * Math.max(1, threads);
    this.workers = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
      Thread thread = new Thread(runnable, "gzip-layer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The gzip of {@code in} at {@link #DEFAULT_LEVEL}, on as many threads as the machine has cores. */
  static ParallelGzipStream of(InputStream in) {
    return new ParallelGzipStream(in, DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == current.length) {
      if (!next()) {
        return -1;
      }
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Moves to the next block's output; false at the end of the gzip stream. */
  private boolean next() throws IOException {
    fill();
    Future<byte[]> block = blocks.poll();
    if (block == null) {
      if (trailerQueued) {
        return false;
      }
      trailerQueued = true;
      current = trailer();
      position = 0;
      return true;
    }
    current = await(block);
    position = 0;
    return true;
  }

  /** Reads input blocks and hands them to the workers until {@link #inFlight} are queued or the input ends. */
  private void fill() throws IOException {
    while (!inputEnded && blocks.size() < inFlight) {
      byte[] block = in.readNBytes(BLOCK_SIZE);
      if (block.length == 0) {
        inputEnded = true;
        blocks.add(workers.submit(() -> finalBlock(level)));
        return;
      }
      crc.update(block);
      inputSize += block.length;
      byte[] preset = dictionary;
      blocks.add(workers.submit(() -> deflate(block, preset, level)));
      dictionary = Arrays.copyOfRange(block, Math.max(0, block.length - DICTIONARY), block.length);
      if (block.length < BLOCK_SIZE) {
        inputEnded = true;
        blocks.add(workers.submit(() -> finalBlock(level)));
      }
    }
  }

  /** One block, raw deflate with {@code preset} as its dictionary, ended by a sync flush (byte-aligned, not last). */
  static byte[] deflate(byte[] block, byte[] preset, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (preset.length > 0) {
        deflater.setDictionary(preset);
      }
      deflater.setInput(block);
      // zlib's bound for one deflate of the block: one call flushes it all; a full buffer means more to come
      byte[] chunk = new byte[block.length + (block.length >> 12) + (block.length >> 14) + 64];
      ByteArrayOutputStream out = new ByteArrayOutputStream(0);
      int n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      if (n < chunk.length) {
        return Arrays.copyOf(chunk, n);
      }
      out.write(chunk, 0, n);
      do {
        n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
        out.write(chunk, 0, n);
      } while (n == chunk.length);
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** The last deflate block: empty, final. */
  private static byte[] finalBlock(int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.finish();
      byte[] chunk = new byte[64];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (!deflater.finished()) {
        out.write(chunk, 0, deflater.deflate(chunk));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** CRC32 and size modulo 2^32 of the input, little-endian. */
  private byte[] trailer() {
    long value = crc.getValue();
    long size = inputSize & 0xffffffffL;
    byte[] trailer = new byte[8];
    for (int i = 0; i < 4; i++) {
      trailer[i] = (byte) (value >>> (8 * i));
      trailer[4 + i] = (byte) (size >>> (8 * i));
    }
    return trailer;
  }

  private static byte[] await(Future<byte[]> block) throws IOException {
    try {
      return block.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a layer");
    } catch (ExecutionException e) {
      throw new IOException("compressing a layer failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    blocks.forEach(block -> block.cancel(true));
    blocks.clear();
    workers.shutdownNow();
  }
}
