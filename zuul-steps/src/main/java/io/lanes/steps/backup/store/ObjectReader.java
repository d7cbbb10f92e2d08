package io.lanes.steps.backup.store;

import io.lanes.steps.Sha256Counter;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupManifest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One backup object on its way back from the bucket: its stored bytes as they are read, counted and hashed, then
 * checked against its manifest entry ({@link #check}), which reads what is left first. A restore checks each object
 * after its database took it, and a verify reads every object through one before anything is written.
 */
public final class ObjectReader extends FilterInputStream {
  private final Sha256Counter counter;
  private final String key;

  /**
   * @param stored the object's stored bytes
   * @param key the object's key in the bucket, for messages
   */
  public ObjectReader(InputStream stored, String key) {
    this(new Sha256Counter(), stored, key);
  }

  private ObjectReader(Sha256Counter counter, InputStream stored, String key) {
    super(counter.reading(stored));
    this.counter = counter;
    this.key = key;
  }

  /** Reads the rest, then fails (exit 1) naming the object when its size or SHA-256 is not the manifest's. */
  public void check(BackupManifest.Entry entry) throws IOException {
    transferTo(OutputStream.nullOutputStream());
    String sha256 = counter.sha256Hex();
    long size = counter.count();
    if (size != entry.size()) {
      throw StepException.failure(
          "object " + key + " is corrupt: " + size + " bytes stored, the manifest says " + entry.size()
              + "; refusing to restore",
          null);
    }
    if (!sha256.equals(entry.sha256())) {
      throw StepException.failure(
          "object " + key + " is corrupt: SHA-256 " + sha256 + " does not match the manifest's " + entry.sha256()
              + "; refusing to restore",
          null);
    }
  }
}
