package io.lanes.gerrit.validation;

import com.google.common.util.concurrent.Uninterruptibles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies one task to every item of a list on the calling thread and on up to {@code helpers} threads of an
 * executor, and returns the results in the list's order, whatever thread computed each. The calling thread always
 * works too, so a busy or stopped executor only makes the work sequential: a helper that cannot start at once is
 * not waited for (the executor may refuse it, and one that has not started when the caller has taken the last item
 * is skipped). The first failure stops the others taking new items and is thrown to the caller.
 */
public final class FanOut {
  /** Everything on the calling thread. */
  public static final FanOut SEQUENTIAL = new FanOut(null, 0);

  /** One step of the work: {@code item} in, its result out. */
  @FunctionalInterface
  public interface Task<T, R> {
    /** The result for {@code item}. */
    R apply(T item) throws IOException;
  }

  private final Executor executor;
  private final int helpers;

  /**
   * @param executor runs the helpers
   * @param helpers the most helpers one call asks for, besides the calling thread
   */
  public FanOut(Executor executor, int helpers) {
    this.executor = executor;
    this.helpers = executor == null ? 0 : Math.max(0, helpers);
  }

  /** The most threads one call works on: the helpers and the calling thread. */
  public int threads() {
    return helpers + 1;
  }

  /** {@code task} applied to each of {@code items}, in the items' order. */
  public <T, R> List<R> map(List<T> items, Task<T, R> task) throws IOException {
    int count = items.size();
    Object[] results = new Object[count];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
            try {
              results[i] = task.apply(items.get(i));
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }
        };
    List<Helper> asked = new ArrayList<>();
    for (int h = 0; h < Math.min(helpers, count - 1); h++) {
      Helper helper = new Helper(work);
      try {
        executor.execute(helper);
      } catch (RejectedExecutionException busyOrStopped) {
        break;
      }
      asked.add(helper);
    }
    work.run();
    for (Helper helper : asked) {
      helper.finishOrSkip();
    }
    Throwable failed = failure.get();
    if (failed != null) {
      throw rethrown(failed);
    }
    @SuppressWarnings("unchecked")
    List<R> inOrder = (List<R>) Arrays.asList(results);
    return inOrder;
  }

  /**
   * One helper's share of the work. Whoever claims it first, its thread or the caller that has run out of items,
   * decides: a helper whose thread starts after the caller claimed it does nothing, and the caller waits only for a
   * helper that has started, which is finishing its last item.
   */
  private static final class Helper implements Runnable {
    private final Runnable work;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    Helper(Runnable work) {
      this.work = work;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      try {
        work.run();
      } finally {
        finished.countDown();
      }
    }

    /** Returns once the helper has finished, or at once when it had not started (it never will then). */
    void finishOrSkip() {
      if (!claimed.compareAndSet(false, true)) {
        Uninterruptibles.awaitUninterruptibly(finished);
      }
    }
  }

  private static IOException rethrown(Throwable failed) {
    if (failed instanceof IOException io) {
      return io;
    }
    if (failed instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failed instanceof Error error) {
      throw error;
    }
    return new IOException(failed);
  }
}
