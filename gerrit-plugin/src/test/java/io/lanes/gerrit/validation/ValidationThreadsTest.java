package io.lanes.gerrit.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link ValidationThreads}: the plugin's helper threads live from the plugin's start to its stop. */
class ValidationThreadsTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 100).boxed().toList();

  /** The threads that worked on the items, once each of {@code helpers + 1} threads has taken one. */
  private static Set<Thread> workers(FanOut fanOut, int threads) throws Exception {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    CountDownLatch allWorking = new CountDownLatch(threads);
    fanOut.map(
        ITEMS,
        item -> {
          if (workers.add(Thread.currentThread())) {
            allWorking.countDown();
          }
          try {
            allWorking.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return item;
        });
    return workers;
  }

  @Test
  @DisplayName("started, a check uses the named helper threads; stopped, none is left and the caller works alone")
  void stopLeavesNoThread() throws Exception {
    ValidationThreads threads = new ValidationThreads(2);
    threads.start();

    Set<Thread> workers = workers(threads.fanOut(), 3);
    threads.stop();

    assertThat(workers).hasSize(3).contains(Thread.currentThread());
    for (Thread worker : workers) {
      if (worker != Thread.currentThread()) {
        assertThat(worker.getName()).startsWith(ValidationThreads.THREAD_NAME_PREFIX);
        worker.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(worker.isAlive()).as(worker.getName() + " alive after stop").isFalse();
      }
    }
    assertThat(threads.fanOut()).isSameAs(FanOut.SEQUENTIAL);
  }

  @Test
  @DisplayName("before start and with no helpers configured, checks run on the calling thread alone")
  void noHelpersMeansTheCallerAlone() throws Exception {
    ValidationThreads none = new ValidationThreads(0);
    none.start();

    assertThat(new ValidationThreads(2).fanOut()).isSameAs(FanOut.SEQUENTIAL);
    assertThat(none.fanOut()).isSameAs(FanOut.SEQUENTIAL);
    assertThat(workers(none.fanOut(), 1)).containsExactly(Thread.currentThread());
    none.stop();
  }
}
