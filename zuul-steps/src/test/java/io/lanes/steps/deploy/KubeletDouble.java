package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * TEST DOUBLE of the controllers and kubelet: a thread that writes the status a healthy cluster would give each
 * Deployment, StatefulSet and Job in a namespace of the API test double (rolled out, complete), or the status a
 * failing one would (progress deadline exceeded, Job failed) for the objects a test names. Nothing runs pods.
 */
final class KubeletDouble implements AutoCloseable {
  /** What the double does to an object: roll it out, fail it, or leave it be. */
  enum Verdict {
    HEALTHY,
    FAIL,
    STALL
  }

  private final KubernetesClient client;
  private final String namespace;
  private final AtomicReference<Function<GenericKubernetesResource, Verdict>> verdicts =
      new AtomicReference<>(o -> Verdict.HEALTHY);
  private final Thread thread;
  private volatile boolean running = true;

  KubeletDouble(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.thread = new Thread(this::loop, "kubelet-double");
    thread.setDaemon(true);
    thread.start();
  }

  /** How objects are judged from now on. */
  void judge(Function<GenericKubernetesResource, Verdict> verdict) {
    verdicts.set(verdict);
  }

  private void loop() {
    while (running) {
      for (String[] kind : List.of(new String[] {"apps/v1", "Deployment"}, new String[] {"apps/v1", "StatefulSet"},
          new String[] {"batch/v1", "Job"})) {
        try {
          for (GenericKubernetesResource object :
              client.genericKubernetesResources(kind[0], kind[1]).inNamespace(namespace).list().getItems()) {
            Verdict verdict = verdicts.get().apply(object);
            if (verdict != Verdict.STALL) {
              Map<String, Object> status = status(object, verdict == Verdict.HEALTHY);
              if (!status.equals(object.getAdditionalProperties().get("status"))) {
                object.getAdditionalProperties().put("status", status);
                client.resource(object).updateStatus();
              }
            }
          }
        } catch (RuntimeException e) {
          // a conflict with a concurrent write: the next round sees the new object
        }
      }
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Map<String, Object> status(GenericKubernetesResource object, boolean healthy) {
    Map<String, Object> status = new LinkedHashMap<>();
    Long generation = object.getMetadata().getGeneration();
    if ("Job".equals(object.getKind())) {
      Map<String, Object> condition = new LinkedHashMap<>();
      condition.put("type", healthy ? "Complete" : "Failed");
      condition.put("status", "True");
      if (!healthy) {
        condition.put("reason", "BackoffLimitExceeded");
        condition.put("message", "Job has reached the specified backoff limit");
      }
      status.put("conditions", new ArrayList<>(List.of(condition)));
      status.put(healthy ? "succeeded" : "failed", 1);
      return status;
    }
    Object replicasValue = ((Map<?, ?>) object.getAdditionalProperties().getOrDefault("spec", Map.of())).get("replicas");
    int replicas = replicasValue instanceof Number n ? n.intValue() : 1;
    status.put("observedGeneration", generation == null ? 1 : generation);
    if (healthy) {
      status.put("replicas", replicas);
      status.put("updatedReplicas", replicas);
      status.put("readyReplicas", replicas);
      status.put("availableReplicas", replicas);
    } else {
      Map<String, Object> condition = new LinkedHashMap<>();
      condition.put("type", "Progressing");
      condition.put("status", "False");
      condition.put("reason", "ProgressDeadlineExceeded");
      condition.put("message", "ReplicaSet \"" + object.getMetadata().getName() + "-1\" has timed out progressing.");
      status.put("replicas", replicas);
      status.put("updatedReplicas", replicas);
      status.put("availableReplicas", 0);
      status.put("conditions", new ArrayList<>(List.of(condition)));
    }
    return status;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
