package io.lanes.gerrit.validation;

import com.google.common.cache.Cache;
import com.google.common.cache.Weigher;
import java.io.IOException;
import java.util.concurrent.ExecutionException;

/**
 * Where {@link PlatformCommitCheck} gets a file's verdict: computed each time, or from a bounded cache keyed by
 * {@link FileVerdictKey}. With the cache, a file is parsed once per map and platform whatever the number of pushes,
 * patch sets, rebases and submits that carry it, and the parent's version of a file is usually already there.
 */
public abstract class FileVerdicts {
  /** The name of the plugin's cache of verdicts. */
  public static final String CACHE = "file_verdicts";

  /** The default bound: the sum of the entries' weights (one plus the violations each holds). */
  public static final long DEFAULT_MAXIMUM_WEIGHT = 100_000;

  /** Computes the verdict of one file. */
  @FunctionalInterface
  public interface Computation {
    /** The file's verdict. */
    FileVerdict compute() throws IOException;
  }

  /** Computes every verdict, keeping none. */
  public static FileVerdicts uncached() {
    return new FileVerdicts() {
      @Override
      public FileVerdict get(FileVerdictKey key, Computation computation) throws IOException {
        return computation.compute();
      }
    };
  }

  /** Keeps verdicts in {@code cache}. */
  public static FileVerdicts cachedIn(Cache<FileVerdictKey, FileVerdict> cache) {
    return new FileVerdicts() {
      @Override
      public FileVerdict get(FileVerdictKey key, Computation computation) throws IOException {
        try {
          return cache.get(key, computation::compute);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IOException(e.getCause());
        }
      }
    };
  }

  /** The verdict for {@code key}, computed by {@code computation} when not known yet. */
  public abstract FileVerdict get(FileVerdictKey key, Computation computation) throws IOException;

  /** Weighs an entry as one plus its violations, so a cache bound counts what entries hold. */
  public static final class ByViolations implements Weigher<FileVerdictKey, FileVerdict> {
    @Override
    public int weigh(FileVerdictKey key, FileVerdict verdict) {
      return 1 + verdict.violations().size();
    }
  }
}
