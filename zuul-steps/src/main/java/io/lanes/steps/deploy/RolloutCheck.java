package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges one object's rollout from its status and its pods' status, the way {@code kubectl rollout status} does,
 * and fails fast: a Deployment past its {@code progressDeadlineSeconds}, a container that cannot start
 * (CrashLoopBackOff, ImagePullBackOff...) or a failed Job ends the wait at once, with the object and the reason.
 * Pure: objects in, a {@link RolloutState} out.
 */
public final class RolloutCheck {
  /** Container waiting reasons that do not get better by waiting. */
  public static final Set<String> STUCK_REASONS =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private RolloutCheck() {}

  /** The state of {@code object} (a Deployment, StatefulSet, DaemonSet or Job), given its pods. */
  public static RolloutState evaluate(GenericKubernetesResource object, List<GenericKubernetesResource> pods) {
    String id = ObjectRef.of(object).id();
    boolean workload = Set.of("Deployment", "StatefulSet", "DaemonSet").contains(object.getKind());
    if (workload && !observed(object, map(object.getAdditionalProperties().get("status")))) {
      // Until the controller has seen this generation, its revision (which picks the pods) is the previous one's:
      // right after a rollback is applied, those are the crashing pods of the release being rolled back.
      return RolloutState.progressing(id + ": waiting for the controller to see generation " + generation(object));
    }
    for (GenericKubernetesResource pod : pods) {
      String stuck = stuckContainer(pod);
      if (stuck != null) {
        return RolloutState.failed(id + ": pod " + pod.getMetadata().getName() + " " + stuck);
      }
    }
    return switch (object.getKind()) {
      case "Deployment" -> deployment(id, object);
      case "StatefulSet" -> statefulSet(id, object);
      case "DaemonSet" -> daemonSet(id, object);
      case "Job" -> job(id, object);
      default -> RolloutState.ready(id + " applied");
    };
  }

  private static RolloutState deployment(String id, GenericKubernetesResource object) {
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    if (!observed(object, status)) {
      // conditions describe an older generation until the controller has seen this one
      return RolloutState.progressing(id + ": waiting for the controller to see generation " + generation(object));
    }
    Map<String, Object> condition = condition(status, "Progressing");
    if ("False".equals(condition.get("status")) && "ProgressDeadlineExceeded".equals(condition.get("reason"))) {
      return RolloutState.failed(id + ": ProgressDeadlineExceeded: " + condition.getOrDefault("message", "no progress"));
    }
    long wanted = number(map(object.getAdditionalProperties().get("spec")).get("replicas"), 1);
    long updated = number(status.get("updatedReplicas"), 0);
    long total = number(status.get("replicas"), 0);
    long available = number(status.get("availableReplicas"), 0);
    if (updated < wanted) {
      return RolloutState.progressing(id + ": " + updated + " of " + wanted + " replicas updated");
    }
    if (total > updated) {
      return RolloutState.progressing(id + ": " + (total - updated) + " old replicas pending termination");
    }
    if (available < updated) {
      return RolloutState.progressing(id + ": " + available + " of " + updated + " updated replicas available");
    }
    return RolloutState.ready(id + ": " + available + " of " + wanted + " replicas available");
  }

  private static RolloutState statefulSet(String id, GenericKubernetesResource object) {
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    if (!observed(object, status)) {
      return RolloutState.progressing(id + ": waiting for the controller to see generation " + generation(object));
    }
    long wanted = number(map(object.getAdditionalProperties().get("spec")).get("replicas"), 1);
    long ready = number(status.get("readyReplicas"), 0);
    long updated = number(status.get("updatedReplicas"), 0);
    Object current = status.get("currentRevision");
    Object update = status.get("updateRevision");
    if (ready < wanted) {
      return RolloutState.progressing(id + ": " + ready + " of " + wanted + " replicas ready");
    }
    if (update != null && (!update.equals(current) || updated < wanted)) {
      return RolloutState.progressing(id + ": " + updated + " of " + wanted + " replicas updated");
    }
    return RolloutState.ready(id + ": " + ready + " of " + wanted + " replicas ready");
  }

  private static RolloutState daemonSet(String id, GenericKubernetesResource object) {
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    if (!observed(object, status)) {
      return RolloutState.progressing(id + ": waiting for the controller to see generation " + generation(object));
    }
    long wanted = number(status.get("desiredNumberScheduled"), 0);
    long updated = number(status.get("updatedNumberScheduled"), 0);
    long available = number(status.get("numberAvailable"), 0);
    if (updated < wanted || available < wanted) {
      return RolloutState.progressing(id + ": " + available + " of " + wanted + " pods available");
    }
    return RolloutState.ready(id + ": " + available + " of " + wanted + " pods available");
  }

  private static RolloutState job(String id, GenericKubernetesResource object) {
    Map<String, Object> status = map(object.getAdditionalProperties().get("status"));
    Map<String, Object> failed = condition(status, "Failed");
    if ("True".equals(failed.get("status"))) {
      return RolloutState.failed(
          id + ": failed: " + failed.getOrDefault("reason", "Failed") + ": " + failed.getOrDefault("message", ""));
    }
    if ("True".equals(condition(status, "Complete").get("status"))) {
      return RolloutState.ready(id + ": complete");
    }
    return RolloutState.progressing(
        id + ": running (" + number(status.get("active"), 0) + " active, " + number(status.get("failed"), 0)
            + " failed pods)");
  }

  /** {@code container X is waiting: Reason: message} when a container of {@code pod} is stuck, else null. */
  private static String stuckContainer(GenericKubernetesResource pod) {
    Map<String, Object> status = map(pod.getAdditionalProperties().get("status"));
    for (String field : List.of("initContainerStatuses", "containerStatuses")) {
      for (Object item : list(status.get(field))) {
        Map<String, Object> container = map(item);
        Map<String, Object> waiting = map(map(container.get("state")).get("waiting"));
        Object reason = waiting.get("reason");
        if (reason instanceof String r && STUCK_REASONS.contains(r)) {
          Object message = waiting.get("message");
          return "container " + container.get("name") + " is waiting: " + r + (message == null ? "" : ": " + message);
        }
      }
    }
    return null;
  }

  private static boolean observed(GenericKubernetesResource object, Map<String, Object> status) {
    Long generation = generation(object);
    return generation == null || number(status.get("observedGeneration"), 0) >= generation;
  }

  private static Long generation(GenericKubernetesResource object) {
    return object.getMetadata().getGeneration();
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    for (Object item : list(status.get("conditions"))) {
      Map<String, Object> condition = map(item);
      if (type.equals(condition.get("type"))) {
        return condition;
      }
    }
    return Map.of();
  }

  private static long number(Object value, long otherwise) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
    return otherwise;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }
}
