package io.lanes.gerrit.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Uninterruptibles;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link FanOut} on real threads. */
class FanOutTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 200).boxed().toList();

  private final ExecutorService executor = Executors.newFixedThreadPool(3);

  @AfterEach
  void tearDown() throws Exception {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("results come back in the items' order although helpers finish items out of order")
  void resultsInItemOrder() throws Exception {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();
    CountDownLatch secondThreadWorking = new CountDownLatch(1);
    FanOut fanOut = new FanOut(executor, 3);

    List<String> results =
        fanOut.map(
            ITEMS,
            item -> {
              workers.add(Thread.currentThread());
              if (workers.size() > 1) {
                secondThreadWorking.countDown();
              }
              if (item == 0) {
                // The first item finishes last: later items are done by the other threads meanwhile.
                Uninterruptibles.awaitUninterruptibly(secondThreadWorking, 10, TimeUnit.SECONDS);
                Uninterruptibles.sleepUninterruptibly(20, TimeUnit.MILLISECONDS);
              }
              return "item " + item;
            });

    assertThat(results).isEqualTo(ITEMS.stream().map(i -> "item " + i).toList());
    assertThat(workers).hasSizeGreaterThan(1);
  }

  @Test
  @DisplayName("the first failure reaches the caller as it was thrown")
  void failureReachesTheCaller() {
    IOException broken = new IOException("cannot read blob 42");
    FanOut fanOut = new FanOut(executor, 3);

    assertThatThrownBy(
            () ->
                fanOut.map(
                    ITEMS,
                    item -> {
                      if (item == 42) {
                        throw broken;
                      }
                      return item;
                    }))
        .isSameAs(broken);
    assertThatThrownBy(
            () ->
                fanOut.map(
                    ITEMS,
                    item -> {
                      if (item == 7) {
                        throw new IllegalStateException("bad item 7");
                      }
                      return item;
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bad item 7");
  }

  @Test
  @DisplayName("a stopped executor leaves the work to the calling thread, with the same results")
  void stoppedExecutorMeansTheCallerAlone() throws Exception {
    executor.shutdown();
    Set<Thread> workers = ConcurrentHashMap.newKeySet();

    List<Integer> results =
        new FanOut(executor, 3)
            .map(
                ITEMS,
                item -> {
                  workers.add(Thread.currentThread());
                  return item * 2;
                });

    assertThat(results).isEqualTo(ITEMS.stream().map(i -> i * 2).toList());
    assertThat(workers).containsExactly(Thread.currentThread());
  }

  @Test
  @DisplayName("a helper that cannot start is not waited for: the caller does the work and returns")
  void busyExecutorIsNotWaitedFor() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try {
      single.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });

      List<Integer> results = new FanOut(single, 1).map(ITEMS, item -> item + 1);

      assertThat(results).isEqualTo(ITEMS.stream().map(i -> i + 1).toList());
      assertThat(release.getCount()).isEqualTo(1);
    } finally {
      release.countDown();
      single.shutdown();
      assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  @DisplayName("SEQUENTIAL works on the calling thread alone")
  void sequentialIsTheCallerAlone() throws Exception {
    Set<Thread> workers = ConcurrentHashMap.newKeySet();

    FanOut.SEQUENTIAL.map(
        ITEMS,
        item -> {
          workers.add(Thread.currentThread());
          return item;
        });

    assertThat(workers).containsExactly(Thread.currentThread());
    assertThat(FanOut.SEQUENTIAL.threads()).isEqualTo(1);
  }
}
