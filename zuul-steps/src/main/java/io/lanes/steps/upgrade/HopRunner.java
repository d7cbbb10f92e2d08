package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.Phase;
import io.lanes.steps.deploy.RolloutWaiter;
import io.lanes.steps.deploy.TaskJobRunner;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.kube.ObjectApplier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a {@link HopPlan}'s hops on the cluster, one at a time: stops the hop's Deployment (server-side apply of
 * {@code replicas: 0} as field manager {@value #FIELD_MANAGER}) and waits for its pods to go (the volume is
 * ReadWriteOnce, and two servers must never open the same data), creates the hop's Secret when it has one, runs the
 * Job with {@link TaskJobRunner} (its deadline, its last log lines on failure), and deletes the Secret. A stopped
 * Deployment stays stopped until its database's last hop has run: then {@link #startAtRelease} applies the new
 * release's Deployment of that database (as deploy will: the same object, field manager {@code lanes}) and gives
 * {@code replicas} back (the field manager lets go of it, so the Deployment's own value, 1 by default, applies
 * again), so no older server ever opens upgraded data, and waits for it to be available.
 */
final class HopRunner {
  /** The field manager that holds a stopped Deployment's {@code replicas: 0}. */
  static final String FIELD_MANAGER = "lanes-upgrade";

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;
  private final Duration deadline;
  private final Duration poll;
  private final PrintWriter log;
  private final boolean forceConflicts;
  private final Set<String> stopped = new LinkedHashSet<>();

  /**
   * @param deadline how long a stopped Deployment's pods may take to go, and a started one to be available
   * @param forceConflicts whether applying the new release's Deployment takes fields other managers own, as deploy's
   *     {@code --force-conflicts}
   */
  HopRunner(KubernetesClient client, String namespace, Clock clock, Duration deadline, Duration poll, PrintWriter log,
      boolean forceConflicts) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
    this.deadline = deadline;
    this.poll = poll;
    this.log = log;
    this.forceConflicts = forceConflicts;
  }

  /**
   * Checks, before anything stops, that every hop's Deployment is in the namespace (its volume holds the data).
   *
   * @throws StepException exit 2 naming the Deployment
   */
  void check(HopPlan plan) {
    for (HopPlan.Hop hop : plan.hops()) {
      if (client.apps().deployments().inNamespace(namespace).withName(hop.deployment()).get() == null) {
        throw StepException.configuration("upgrade: " + hop.describe() + " runs on the data of Deployment/"
            + hop.deployment() + ", which namespace " + namespace + " does not have; nothing was done");
      }
    }
  }

  /** Runs {@code hop}; exit 1 naming it (and its Job's last log lines) when it fails or outlives its deadline. */
  void run(HopPlan.Hop hop, TaskJobRunner runner) {
    stop(hop);
    hop.secret().ifPresent(this::create);
    try {
      log.printf("upgrade: %s: %s on the data of Deployment/%s%n", hop.describe(), hop.image(), hop.deployment());
      log.flush();
      runner.run("upgrade " + hop.describe(), hop.job());
    } finally {
      hop.secret().ifPresent(s -> client.secrets().inNamespace(namespace).withName(s.getMetadata().getName()).delete());
    }
  }

  /** The Deployments the hops stopped, in order. */
  List<String> stopped() {
    return List.copyOf(stopped);
  }

  /**
   * Starts {@code hop}'s database again after its last hop, at the new release's image: applies the new release's
   * Deployment while {@code replicas: 0} still holds (no pod of the old image starts on the upgraded data), then lets
   * go of {@code replicas}, then waits for the Deployment to be available.
   *
   * @throws StepException exit 1 naming the Deployment when it cannot be applied or is not available in time
   */
  void startAtRelease(HopPlan.Hop hop) {
    String name = hop.deployment();
    new ObjectApplier(client, forceConflicts).apply(hop.newRelease());
    apply(name, null);
    stopped.remove(name);
    log.printf("upgrade: Deployment/%s started again at the new release's image, after its last hop%n", name);
    log.flush();
    awaitAvailable(hop.newRelease());
  }

  /**
   * Waits until the Deployment {@code deployment} names is available (Tutor's {@code wait_for_deployment_ready}).
   *
   * @throws StepException exit 1 naming it when it is not in time, or fails
   */
  void awaitAvailable(GenericKubernetesResource deployment) {
    new RolloutWaiter(client, clock, deadline, clock.instant().plus(deadline), poll, log)
        .await(Phase.DATA_STORES, List.of(deployment));
  }

  private void stop(HopPlan.Hop hop) {
    String name = hop.deployment();
    if (stopped.add(name)) {
      apply(name, 0);
      log.printf("upgrade: Deployment/%s stopped (replicas 0) for the database hops%n", name);
      log.flush();
    }
    Deployment live = client.apps().deployments().inNamespace(namespace).withName(name).get();
    Map<String, String> selector = live.getSpec().getSelector().getMatchLabels();
    Instant until = clock.instant().plus(deadline);
    while (!client.pods().inNamespace(namespace).withLabels(selector).list().getItems().isEmpty()) {
      if (clock.instant().isAfter(until)) {
        throw StepException.failure("upgrade " + hop.describe() + ": the pods of Deployment/" + name + " did not go in "
            + deadline.toSeconds() + " s after it was stopped; the hop did not run", null);
      }
      sleep();
    }
  }

  private void apply(String name, Integer replicas) {
    GenericKubernetesResource patch = new GenericKubernetesResource();
    patch.setApiVersion("apps/v1");
    patch.setKind("Deployment");
    patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    if (replicas != null) {
      patch.setAdditionalProperty("spec", Map.of("replicas", replicas));
    }
    try {
      client.resource(patch).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      throw StepException.failure("upgrade: cannot " + (replicas == null ? "start" : "stop") + " Deployment/" + name
          + " in namespace " + namespace + ": " + KubeErrors.reason(e), e);
    }
  }

  private void create(Secret secret) {
    try {
      var resource = client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName());
      if (resource.get() != null) {
        resource.delete();
      }
      client.secrets().inNamespace(namespace).resource(secret).create();
    } catch (KubernetesClientException e) {
      // The server's reason names the Secret, never its data.
      throw StepException.failure("upgrade: cannot create Secret/" + secret.getMetadata().getName() + " in namespace "
          + namespace + ": " + KubeErrors.reason(e), e);
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while waiting for a Deployment's pods to go", e);
    }
  }
}
