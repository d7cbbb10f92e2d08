package io.lanes.steps.image;

import java.io.InputStream;
import java.util.Set;

/**
 * Where push-image reads the bytes of the blobs it must send (an image's layers and its config): the engine's
 * export ({@link EngineExport}) or the engine's own containers-storage ({@link ContainersStorage}). Either gives the
 * engine's exact bytes, the uncompressed layers whose digests are the image's diff IDs; the pusher checks every blob
 * against its digest on the way ({@link CheckedBlobStream}).
 */
interface LayerSource extends AutoCloseable {
  /** The word for this source on stderr and in {@code --result} ({@code layer_source}). */
  String word();

  /**
   * Hands each blob of {@code digests} to {@code blobs} once, in the order the source holds them; fails naming a blob
   * it does not have.
   */
  void read(Set<String> digests, BlobConsumer blobs);

  /** Releases what the source holds (a lock on the engine's storage, the export's stream). */
  @Override
  void close();

  /** Takes one blob while the source reads it. */
  @FunctionalInterface
  interface BlobConsumer {
    /**
     * @param digest the blob's digest
     * @param size its length in bytes
     * @param content its bytes, valid during the call only
     * @param origin where it is read from, for messages ({@code the engine's export})
     */
    void accept(String digest, long size, InputStream content, String origin);
  }
}
