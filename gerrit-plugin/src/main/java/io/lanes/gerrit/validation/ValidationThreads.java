package io.lanes.gerrit.validation;

import com.google.common.flogger.FluentLogger;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.gerrit.extensions.events.LifecycleListener;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.lanes.gerrit.config.LanesSettings;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's own threads that help validate a push's files (and the check at submit), {@code
 * plugin.lanes.validationThreads} of them. Started with the plugin and stopped with it, so a reload leaves no thread
 * behind. A helper is only taken when one is idle: the pool has no queue, and the thread that receives the push
 * validates too, so a push never waits for another push's work. The size is read at start: changing it takes a
 * plugin reload.
 */
@Singleton
public class ValidationThreads implements LifecycleListener {
  private static final FluentLogger logger = FluentLogger.forEnclosingClass();

  /** The prefix of the threads' names, as thread dumps show them. */
  public static final String THREAD_NAME_PREFIX = "lanes-validation-";

  private static final long STOP_WAIT_SECONDS = 10;

  private final int helpers;
  private volatile ThreadPoolExecutor executor;

  @Inject
  ValidationThreads(LanesSettings settings) {
    this(settings.validationThreads());
  }

  /** Threads for {@code helpers} helpers; none runs before {@link #start()}. */
  public ValidationThreads(int helpers) {
    this.helpers = helpers;
  }

  @Override
  public synchronized void start() {
    if (helpers == 0 || executor != null) {
      return;
    }
    executor =
        new ThreadPoolExecutor(
            helpers,
            helpers,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new ThreadFactoryBuilder().setNameFormat(THREAD_NAME_PREFIX + "%d").setDaemon(true).build());
    executor.allowCoreThreadTimeOut(true);
  }

  @Override
  public synchronized void stop() {
    ThreadPoolExecutor stopping = executor;
    executor = null;
    if (stopping == null) {
      return;
    }
    stopping.shutdown();
    try {
      if (!stopping.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        stopping.shutdownNow();
        logger.atWarning().log("%s threads still busy %d s after stop", THREAD_NAME_PREFIX, STOP_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      stopping.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The threads a check can use now: the calling thread alone before start, after stop, or with no helpers. */
  public FanOut fanOut() {
    ThreadPoolExecutor running = executor;
    return running == null ? FanOut.SEQUENTIAL : new FanOut(running, helpers);
  }
}
