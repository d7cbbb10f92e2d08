package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A namespace's deploy lock: the {@code coordination.k8s.io/v1} Lease {@value #NAME} with this deploy's holder
 * identity and a TTL ({@code leaseDurationSeconds}), renewed every third of the TTL while the deploy works. A second
 * deploy waits, saying who holds the lock, until its deadline; a Lease not renewed for its TTL (its holder died) is
 * taken over. Every write carries the resource version it read, so two deploys never both win (409).
 */
public final class DeployLock implements AutoCloseable {
  /** The Lease's name in the platform's namespace. */
  public static final String NAME = "lanes-deploy";

  private final KubernetesClient client;
  private final String namespace;
  private final String holder;
  private final Duration ttl;
  private final Clock clock;
  private final PrintWriter log;
  private ScheduledExecutorService renewer;
  private volatile String lost;

  public DeployLock(
      KubernetesClient client, String namespace, String holder, Duration ttl, Clock clock, PrintWriter log) {
    this.client = client;
    this.namespace = namespace;
    this.holder = holder;
    this.ttl = ttl;
    this.clock = clock;
    this.log = log;
  }

  /**
   * Takes the lock, waiting up to {@code wait} for another holder, then renews it in the background.
   *
   * @throws StepException exit 1 naming the holder when the wait runs out
   */
  public void acquire(Duration wait, Duration poll) {
    Instant deadline = clock.instant().plus(wait);
    String lastHolder = null;
    while (true) {
      Lease lease = read();
      LeaseDecision decision =
          lease == null
              ? LeaseDecision.decide(false, null, null, ttl, holder, clock.instant())
              : LeaseDecision.decide(
                  true,
                  lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity(),
                  renewed(lease),
                  Duration.ofSeconds(durationOf(lease)),
                  holder,
                  clock.instant());
      if (decision.action() != LeaseDecision.Action.WAIT && tryTake(lease, decision)) {
        startRenewing();
        return;
      }
      if (decision.action() == LeaseDecision.Action.WAIT) {
        if (!clock.instant().isBefore(deadline)) {
          throw StepException.failure(
              "deploy lock Lease/" + NAME + " in namespace " + namespace + " is held by " + decision.holder()
                  + " (until " + decision.expires() + " unless renewed); gave up after waiting " + wait.toSeconds() + " s",
              null);
        }
        if (!decision.holder().equals(lastHolder)) {
          log.printf(
              "deploy: waiting for the deploy lock Lease/%s in namespace %s, held by %s (its claim runs to %s unless renewed; waiting up to %s)%n",
              NAME, namespace, decision.holder(), decision.expires(), deadline);
          log.flush();
          lastHolder = decision.holder();
        }
        sleep(poll);
      }
    }
  }

  /** Fails when the lock was lost (another deploy took it over while this one stalled). */
  public void check() {
    if (lost != null) {
      throw StepException.failure("lost the deploy lock Lease/" + NAME + " in namespace " + namespace + ": " + lost, null);
    }
  }

  /** Frees the lock for the next deploy (clears the holder; the Lease stays). */
  public void release() {
    stopRenewing();
    try {
      Lease lease = read();
      if (lease != null && lease.getSpec() != null && holder.equals(lease.getSpec().getHolderIdentity())) {
        lease.getSpec().setHolderIdentity(null);
        lease.getSpec().setRenewTime(null);
        client.leases().inNamespace(namespace).resource(lease).update();
      }
    } catch (RuntimeException e) {
      log.printf("warning: could not free the deploy lock Lease/%s: %s (it expires after %d s)%n", NAME, e.getMessage(), ttl.toSeconds());
    }
  }

  /** Stops renewing without freeing: the Lease expires after its TTL. */
  @Override
  public void close() {
    stopRenewing();
  }

  private boolean tryTake(Lease lease, LeaseDecision decision) {
    ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
    try {
      if (lease == null) {
        client.leases().inNamespace(namespace).resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(namespace)
                .addToLabels(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds((int) ttl.toSeconds())
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseTransitions(0)
                .endSpec()
                .build())
            .create();
      } else {
        if (decision.takesOver(holder)) {
          log.printf(
              "deploy: taking over the deploy lock from %s: not renewed since %s (TTL %d s)%n",
              decision.holder(), decision.expires().minus(Duration.ofSeconds(durationOf(lease))), durationOf(lease));
        }
        boolean newHolder = !holder.equals(lease.getSpec().getHolderIdentity());
        lease.getSpec().setHolderIdentity(holder);
        lease.getSpec().setLeaseDurationSeconds((int) ttl.toSeconds());
        lease.getSpec().setRenewTime(now);
        if (newHolder) {
          lease.getSpec().setAcquireTime(now);
          Integer transitions = lease.getSpec().getLeaseTransitions();
          lease.getSpec().setLeaseTransitions(transitions == null ? 1 : transitions + 1);
        }
        client.leases().inNamespace(namespace).resource(lease).update();
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw StepException.failure(
          "cannot take the deploy lock Lease/" + NAME + " in namespace " + namespace + " on " + client.getMasterUrl()
              + ": " + io.lanes.steps.kube.KubeErrors.reason(e)
              + (e.getCode() == 404 ? " (the cluster's admin creates the namespace with the ServiceAccount Lanes deploys"
                  + " as: docs/steps/deploy.md, Permissions)" : ""),
          e);
    }
  }

  private void startRenewing() {
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "lanes-lease-renewal");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, ttl.toMillis() / 3);
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    try {
      Lease lease = read();
      if (lease == null || lease.getSpec() == null || !holder.equals(lease.getSpec().getHolderIdentity())) {
        lost = "now held by " + (lease == null || lease.getSpec() == null ? "nobody" : lease.getSpec().getHolderIdentity());
        stopRenewing();
        return;
      }
      lease.getSpec().setRenewTime(clock.instant().atZone(ZoneOffset.UTC));
      client.leases().inNamespace(namespace).resource(lease).update();
    } catch (KubernetesClientException e) {
      // a missed renewal is retried at the next tick; the TTL leaves room for two
    }
  }

  private void stopRenewing() {
    if (renewer != null) {
      renewer.shutdownNow();
      try {
        renewer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Lease read() {
    try {
      return client.leases().inNamespace(namespace).withName(NAME).get();
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "cannot read the deploy lock Lease/" + NAME + " in namespace " + namespace + " on " + client.getMasterUrl()
              + ": " + io.lanes.steps.kube.KubeErrors.reason(e),
          e);
    }
  }

  private static Instant renewed(Lease lease) {
    if (lease.getSpec() == null) {
      return null;
    }
    ZonedDateTime time = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
    return time == null ? null : time.toInstant();
  }

  private long durationOf(Lease lease) {
    Integer seconds = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
    return seconds == null ? ttl.toSeconds() : seconds;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while waiting for the deploy lock", e);
    }
  }
}
