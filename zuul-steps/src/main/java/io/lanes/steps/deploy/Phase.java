package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Set;

/**
 * The order deploy applies a platform in, Tutor's order ({@code tutor k8s start} then {@code tutor k8s init}): the
 * namespace, then the namespace's configuration (ConfigMaps, Secrets, Services, volumes, RBAC...), then the data
 * stores, then the init Jobs (waited for to completion), then the apps. Objects within one phase do not depend on
 * each other and are applied in parallel.
 */
public enum Phase {
  NAMESPACE("namespace"),
  CONFIG("config"),
  DATA_STORES("data stores"),
  INIT_JOBS("init jobs"),
  APPS("apps");

  /** The names (metadata.name or the {@code app.kubernetes.io/name} label) of Tutor's data stores. */
  public static final Set<String> DATA_STORE_NAMES =
      Set.of("mysql", "mongodb", "redis", "meilisearch", "elasticsearch", "opensearch");

  /** Kinds that run pods and are waited for. */
  public static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private static final Set<String> APP_KINDS =
      Set.of("CronJob", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget");

  private final String word;

  Phase(String word) {
    this.word = word;
  }

  /** The phase's name in logs, results and docs. */
  public String word() {
    return word;
  }

  /** The phase {@code object} is applied in. Pure. */
  public static Phase of(GenericKubernetesResource object) {
    String kind = object.getKind();
    if ("Namespace".equals(kind)) {
      return NAMESPACE;
    }
    if ("Job".equals(kind)) {
      return INIT_JOBS;
    }
    if (WORKLOAD_KINDS.contains(kind)) {
      return isDataStore(object) ? DATA_STORES : APPS;
    }
    if (APP_KINDS.contains(kind)) {
      return APPS;
    }
    return CONFIG;
  }

  private static boolean isDataStore(GenericKubernetesResource object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String name = labels == null ? null : labels.get("app.kubernetes.io/name");
    return DATA_STORE_NAMES.contains(object.getMetadata().getName())
        || (name != null && DATA_STORE_NAMES.contains(name));
  }
}
