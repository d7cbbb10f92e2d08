package io.lanes.steps.cluster;

import io.lanes.steps.StepException;
import io.lanes.steps.openstack.MagnumClient;
import io.lanes.steps.openstack.MagnumCluster;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Polls a cluster until Magnum is done with it, printing a progress line on each poll; a {@code *_FAILED} status is
 * a failure with Magnum's reason, the deadline a failure saying where the cluster was.
 */
final class ClusterWaiter {
  private final MagnumClient magnum;
  private final Clock clock;
  private final PrintWriter progress;
  private final Duration interval;
  private final Duration timeout;

  ClusterWaiter(MagnumClient magnum, Clock clock, PrintWriter progress, Duration interval, Duration timeout) {
    this.magnum = magnum;
    this.clock = clock;
    this.progress = progress;
    this.interval = interval;
    this.timeout = timeout;
  }

  /** Polls the cluster {@code uuid} until {@code done}; returns it as Magnum last showed it. */
  MagnumCluster await(String name, String uuid, Predicate<MagnumCluster> done) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    while (true) {
      MagnumCluster cluster =
          magnum.findCluster(uuid)
              .orElseThrow(() -> StepException.failure("cluster " + name + " (" + uuid + ") vanished from Magnum", null));
      Duration elapsed = Duration.between(start, clock.instant());
      if (cluster.failed()) {
        throw StepException.failure(
            "cluster " + name + " is " + cluster.status() + ": " + cluster.statusReason().orElse("Magnum gives no reason"),
            null);
      }
      if (done.test(cluster)) {
        progress.println("cluster " + name + ": " + cluster.status() + " after " + seconds(elapsed));
        return cluster;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw StepException.failure(
            "cluster " + name + " is still " + cluster.status() + " after " + seconds(timeout)
                + " (--timeout); Magnum goes on: run cluster apply again to wait for it",
            null);
      }
      progress.println("cluster " + name + ": " + cluster.status() + " (" + seconds(elapsed) + ", " + cluster.nodeCount()
          + " workers)");
      progress.flush();
      sleep();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while waiting for the cluster", e);
    }
  }

  private static String seconds(Duration duration) {
    long s = duration.toSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : duration.toMillis() >= 1000 ? s + "s" : duration.toMillis() + "ms";
  }
}
