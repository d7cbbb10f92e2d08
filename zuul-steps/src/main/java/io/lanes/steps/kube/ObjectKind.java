package io.lanes.steps.kube;

import java.util.List;

/**
 * A kind of Kubernetes object as the API names it: {@code apps/v1} {@code Deployment}.
 *
 * @param apiVersion {@code v1} for the core group, {@code <group>/<version>} otherwise
 * @param kind the kind, e.g. {@code Deployment}
 */
public record ObjectKind(String apiVersion, String kind) {

  /**
   * The namespaced kinds a Tutor platform is made of, and so the kinds Lanes looks through for objects it manages
   * that are no longer rendered (prune). There is no discovery here: a kind outside this list is looked at only when
   * the platform renders an object of that kind.
   */
  public static final List<ObjectKind> MANAGED =
      List.of(
          new ObjectKind("v1", "ConfigMap"),
          new ObjectKind("v1", "Secret"),
          new ObjectKind("v1", "Service"),
          new ObjectKind("v1", "ServiceAccount"),
          new ObjectKind("v1", "PersistentVolumeClaim"),
          new ObjectKind("apps/v1", "Deployment"),
          new ObjectKind("apps/v1", "StatefulSet"),
          new ObjectKind("apps/v1", "DaemonSet"),
          new ObjectKind("batch/v1", "Job"),
          new ObjectKind("batch/v1", "CronJob"),
          new ObjectKind("networking.k8s.io/v1", "Ingress"),
          new ObjectKind("networking.k8s.io/v1", "NetworkPolicy"),
          new ObjectKind("rbac.authorization.k8s.io/v1", "Role"),
          new ObjectKind("rbac.authorization.k8s.io/v1", "RoleBinding"),
          new ObjectKind("autoscaling/v2", "HorizontalPodAutoscaler"),
          new ObjectKind("policy/v1", "PodDisruptionBudget"));

  @Override
  public String toString() {
    return apiVersion + " " + kind;
  }
}
