package io.lanes.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which kinds a platform's manifests may create: namespaced kinds of Kubernetes' own API known to stay inside a
 * namespace ({@link #BUILT_IN}), plus the custom resources a platform's {@code allowedKind} names. Kinds are matched
 * by API group and kind, never by kind name alone ({@code example.com/v1 Deployment} is not a Deployment). Pure.
 */
public final class Kinds {
  /**
   * A kind in an API group.
   *
   * @param group the API group, empty for the core group ({@code apiVersion: v1})
   * @param kind the kind
   */
  public record GroupKind(String group, String kind) {
    /** The group and kind of an object's {@code apiVersion} and {@code kind}. */
    public static GroupKind of(String apiVersion, String kind) {
      int slash = apiVersion.lastIndexOf('/');
      return new GroupKind(slash < 0 ? "" : apiVersion.substring(0, slash), kind);
    }

    /**
     * Parses {@code group/Kind} as {@code allowedKind} writes it (also {@code Kind} alone for the core group).
     */
    public static GroupKind parse(String text) {
      int slash = text.lastIndexOf('/');
      return new GroupKind(slash < 0 ? "" : text.substring(0, slash), text.substring(slash + 1));
    }

    /** {@code group/Kind}, or {@code Kind} for the core group. */
    @Override
    public String toString() {
      return group.isEmpty() ? kind : group + "/" + kind;
    }
  }

  /**
   * The namespaced kinds of Kubernetes' own API groups a platform may create. Left out on purpose (see {@code
   * docs/policy.md}): every cluster-scoped kind; {@code Endpoints} and {@code EndpointSlice} (they point a Service at
   * any address, another namespace's pods or the API server included); {@code ResourceQuota} and {@code LimitRange}
   * (the cluster admin's limits on the namespace); {@code Lease} (the deploy lock is one); {@code Event}; {@code
   * ControllerRevision} and other objects controllers own.
   */
  public static final Set<GroupKind> BUILT_IN =
      Stream.of(
              group("", "ConfigMap", "Secret", "Service", "ServiceAccount", "PersistentVolumeClaim", "Pod",
                  "PodTemplate", "ReplicationController"),
              group("apps", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"),
              group("batch", "Job", "CronJob"),
              group("networking.k8s.io", "Ingress", "NetworkPolicy"),
              group("policy", "PodDisruptionBudget"),
              group("autoscaling", "HorizontalPodAutoscaler"),
              group("rbac.authorization.k8s.io", "Role", "RoleBinding"))
          .flatMap(List::stream)
          .collect(Collectors.toUnmodifiableSet());

  /** The API groups whose kinds only {@link #BUILT_IN} decides: Kubernetes' own, which {@code allowedKind} may not name. */
  public static boolean isKubernetesGroup(String group) {
    return group.isEmpty()
        || !group.contains(".")
        || group.equals("k8s.io")
        || group.endsWith(".k8s.io")
        || group.equals("kubernetes.io")
        || group.endsWith(".kubernetes.io");
  }

  /**
   * The kinds kustomize reads and never applies ({@code Kustomization}, {@code Component}): the policy checks what
   * they may rewrite instead.
   */
  public static final String KUSTOMIZE_GROUP = "kustomize.config.k8s.io";

  /** Cluster-scoped kinds of Kubernetes' own API, by group: named as such in violations. */
  static final Map<String, Set<String>> CLUSTER_SCOPED =
      Map.ofEntries(
          Map.entry("", Set.of("Namespace", "Node", "PersistentVolume", "ComponentStatus")),
          Map.entry("storage.k8s.io", Set.of("StorageClass", "VolumeAttachment", "CSIDriver", "CSINode")),
          Map.entry("snapshot.storage.k8s.io", Set.of("VolumeSnapshotContent", "VolumeSnapshotClass")),
          Map.entry("rbac.authorization.k8s.io", Set.of("ClusterRole", "ClusterRoleBinding")),
          Map.entry("apiextensions.k8s.io", Set.of("CustomResourceDefinition")),
          Map.entry("apiregistration.k8s.io", Set.of("APIService")),
          Map.entry(
              "admissionregistration.k8s.io",
              Set.of(
                  "MutatingWebhookConfiguration",
                  "ValidatingWebhookConfiguration",
                  "ValidatingAdmissionPolicy",
                  "ValidatingAdmissionPolicyBinding",
                  "MutatingAdmissionPolicy",
                  "MutatingAdmissionPolicyBinding")),
          Map.entry("scheduling.k8s.io", Set.of("PriorityClass")),
          Map.entry("node.k8s.io", Set.of("RuntimeClass")),
          Map.entry("networking.k8s.io", Set.of("IngressClass", "IPAddress", "ServiceCIDR")),
          Map.entry("certificates.k8s.io", Set.of("CertificateSigningRequest", "ClusterTrustBundle")),
          Map.entry("flowcontrol.apiserver.k8s.io", Set.of("FlowSchema", "PriorityLevelConfiguration")),
          Map.entry("policy", Set.of("PodSecurityPolicy")),
          Map.entry("cert-manager.io", Set.of("ClusterIssuer")));

  private Kinds() {}

  /** Whether {@code kind} is one of the cluster-scoped kinds Lanes knows by name. */
  public static boolean isKnownClusterScoped(GroupKind kind) {
    return CLUSTER_SCOPED.getOrDefault(kind.group(), Set.of()).contains(kind.kind());
  }

  /** Whether {@code kind} is a {@code List} wrapper kubectl unwraps ({@code List}, {@code DeploymentList}...). */
  static boolean isList(String kind) {
    return kind.endsWith("List");
  }

  private static List<GroupKind> group(String group, String... kinds) {
    return Stream.of(kinds).map(kind -> new GroupKind(group, kind)).toList();
  }
}
