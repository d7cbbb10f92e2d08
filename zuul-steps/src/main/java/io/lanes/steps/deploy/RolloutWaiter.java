package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeErrors;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for a phase's workloads to roll out and its Jobs to complete, all at once, polling. Each object has its own
 * deadline and the whole deploy one more; a failure {@link RolloutCheck} sees (a Deployment past its progress
 * deadline, a stuck container, a failed Job) ends the wait at once. A failed Job's last log lines are part of the
 * error, as {@code tutor k8s init} would show them. Each object's progress is a line on stderr when it changes.
 */
public final class RolloutWaiter {
  /** The deployment controller's revision number, on a Deployment and on each of its ReplicaSets. */
  static final String REVISION = "deployment.kubernetes.io/revision";

  /** How many log lines of a failed Job's pod are shown. */
  static final int LOG_LINES = 20;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration perObject;
  private final Instant overallDeadline;
  private final Duration poll;
  private final PrintWriter log;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public RolloutWaiter(
      KubernetesClient client, Clock clock, Duration perObject, Instant overallDeadline, Duration poll, PrintWriter log) {
    this.client = client;
    this.clock = clock;
    this.perObject = perObject;
    this.overallDeadline = overallDeadline;
    this.poll = poll;
    this.log = log;
  }

  /** Whether {@code object} is waited for. */
  public static boolean awaited(GenericKubernetesResource object) {
    return Phase.WORKLOAD_KINDS.contains(object.getKind()) || "Job".equals(object.getKind());
  }

  /**
   * Returns when every awaited object of {@code objects} is ready.
   *
   * @throws StepException exit 1 naming the object and its condition when one fails or a deadline passes
   */
  public void await(Phase phase, List<GenericKubernetesResource> objects) {
    Instant start = clock.instant();
    Instant deadline = start.plus(perObject).isBefore(overallDeadline) ? start.plus(perObject) : overallDeadline;
    Map<ObjectRef, String> pending = new LinkedHashMap<>();
    Map<ObjectRef, GenericKubernetesResource> byRef = new LinkedHashMap<>();
    for (GenericKubernetesResource object : objects) {
      if (awaited(object)) {
        pending.put(ObjectRef.of(object), "");
        byRef.put(ObjectRef.of(object), object);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    log.printf("deploy: %s: waiting for %d objects (each up to %d s)%n", phase.word(), pending.size(), perObject.toSeconds());
    log.flush();
    while (true) {
      for (ObjectRef ref : new ArrayList<>(pending.keySet())) {
        RolloutState state = state(byRef.get(ref));
        if (state.isFailed()) {
          throw StepException.failure(
              phase.word() + ": " + state.message() + ("Job".equals(ref.kind()) ? jobLogs(byRef.get(ref)) : ""), null);
        }
        if (!state.message().equals(pending.get(ref))) {
          log.printf("deploy: %s%n", state.message());
          log.flush();
        }
        if (state.isReady()) {
          pending.remove(ref);
        } else {
          pending.put(ref, state.message());
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(deadline)) {
        boolean overall = !deadline.isBefore(overallDeadline);
        throw StepException.failure(
            phase.word() + ": " + String.join("; ", pending.values()) + " after "
                + Duration.between(start, now).toSeconds() + " s ("
                + (overall ? "the deploy's --timeout" : "--rollout-timeout " + perObject.toSeconds() + " s") + " ran out)",
            null);
      }
      sleep();
    }
  }

  private RolloutState state(GenericKubernetesResource object) {
    ObjectRef ref = ObjectRef.of(object);
    try {
      GenericKubernetesResource live = client.resource(object).get();
      if (live == null) {
        return RolloutState.failed(ref.id() + ": deleted while waiting for it");
      }
      return RolloutCheck.evaluate(live, pods(live));
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "cannot read " + ref.id() + KubeErrors.inNamespace(ref.namespace()) + " on " + client.getMasterUrl() + ": "
              + KubeErrors.reason(e),
          e);
    }
  }

  /**
   * The pods whose state counts for {@code live}'s rollout: those of its current revision only (a Deployment's
   * newest ReplicaSet, a StatefulSet's update revision), as {@code kubectl rollout status} judges it. The pods of an
   * older revision going away, say the crashing pods of a release being rolled back, do not fail the rollout.
   */
  private List<GenericKubernetesResource> pods(GenericKubernetesResource live) {
    Map<String, String> selector = new LinkedHashMap<>(selector(live));
    if (selector.isEmpty()) {
      return List.of();
    }
    if ("Deployment".equals(live.getKind())) {
      Optional<String> hash = currentTemplateHash(live, selector);
      if (hash.isEmpty()) {
        return List.of(); // the controller has not made this revision's ReplicaSet yet
      }
      selector.put("pod-template-hash", hash.get());
    } else if ("StatefulSet".equals(live.getKind())) {
      Object revision = RolloutCheck.map(live.getAdditionalProperties().get("status")).get("updateRevision");
      if (revision == null) {
        return List.of();
      }
      selector.put("controller-revision-hash", String.valueOf(revision));
    }
    List<GenericKubernetesResource> pods = new ArrayList<>();
    for (Pod pod : client.pods().inNamespace(live.getMetadata().getNamespace()).withLabels(selector).list().getItems()) {
      pods.add(serialization.convertValue(pod, GenericKubernetesResource.class));
    }
    return pods;
  }

  /** The {@code pod-template-hash} of the Deployment's ReplicaSet for its current revision, once it exists. */
  private Optional<String> currentTemplateHash(GenericKubernetesResource deployment, Map<String, String> selector) {
    String revision = annotation(deployment, REVISION);
    if (revision == null) {
      return Optional.empty();
    }
    for (ReplicaSet set : client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace())
        .withLabels(selector).list().getItems()) {
      boolean owned = set.getMetadata().getOwnerReferences().stream()
          .anyMatch(o -> o.getUid().equals(deployment.getMetadata().getUid()));
      if (owned && revision.equals(set.getMetadata().getAnnotations() == null ? null
          : set.getMetadata().getAnnotations().get(REVISION))) {
        return Optional.ofNullable(set.getMetadata().getLabels().get("pod-template-hash"));
      }
    }
    return Optional.empty();
  }

  private static String annotation(GenericKubernetesResource object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The equality labels that select the object's pods ({@code job-name} for a Job). */
  static Map<String, String> selector(GenericKubernetesResource object) {
    if ("Job".equals(object.getKind())) {
      return Map.of("job-name", object.getMetadata().getName());
    }
    Map<String, Object> spec = RolloutCheck.map(object.getAdditionalProperties().get("spec"));
    Map<String, Object> matchLabels = RolloutCheck.map(RolloutCheck.map(spec.get("selector")).get("matchLabels"));
    Map<String, String> labels = new LinkedHashMap<>();
    matchLabels.forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return labels;
  }

  private String jobLogs(GenericKubernetesResource job) {
    StringBuilder text = new StringBuilder();
    try {
      List<Pod> pods =
          client.pods().inNamespace(job.getMetadata().getNamespace()).withLabels(selector(job)).list().getItems();
      for (Pod pod : pods) {
        String logs;
        try {
          logs = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
              .tailingLines(LOG_LINES).getLog();
        } catch (KubernetesClientException e) {
          logs = "(logs unavailable: " + KubeErrors.reason(e) + ")";
        }
        text.append("\n--- last lines of pod ").append(pod.getMetadata().getName()).append(" ---\n")
            .append(logs == null ? "" : logs.stripTrailing());
      }
    } catch (KubernetesClientException e) {
      text.append("\n(the Job's pods could not be listed: ").append(KubeErrors.reason(e)).append(")");
    }
    return text.toString();
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while waiting for rollouts", e);
    }
  }
}
