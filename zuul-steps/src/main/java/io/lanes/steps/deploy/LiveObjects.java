package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.ObjectKind;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live copies of a release's namespaced objects as they were when the deploy began, read with one list request
 * per kind instead of one read per object (500 objects: a few lists, not 500 round trips). An object of a kind that
 * was not listed (a cluster-scoped one: the platform's Namespace) is not known here: the caller reads it itself.
 */
final class LiveObjects {
  private final Set<ObjectKind> listed;
  private final Map<String, GenericKubernetesResource> byKey;

  private LiveObjects(Set<ObjectKind> listed, Map<String, GenericKubernetesResource> byKey) {
    this.listed = listed;
    this.byKey = byKey;
  }

  /** Lists, in {@code namespace}, every kind of {@code objects} that has objects in it. */
  static LiveObjects read(KubernetesClient client, String namespace, List<GenericKubernetesResource> objects) {
    Set<ObjectKind> kinds = new LinkedHashSet<>();
    for (GenericKubernetesResource object : objects) {
      if (namespace.equals(object.getMetadata().getNamespace())) {
        kinds.add(new ObjectKind(object.getApiVersion(), object.getKind()));
      }
    }
    Map<String, GenericKubernetesResource> byKey = new HashMap<>();
    for (GenericKubernetesResource live : new KubeApi(client).list(namespace, Map.of(), kinds)) {
      byKey.put(ObjectRef.of(live).key(), live);
    }
    return new LiveObjects(kinds, byKey);
  }

  /** None known: every object is read by itself. */
  static LiveObjects none() {
    return new LiveObjects(Set.of(), Map.of());
  }

  /** Whether {@code object}'s kind was listed, so that {@link #get} knows whether it is live. */
  boolean knows(GenericKubernetesResource object) {
    return listed.contains(new ObjectKind(object.getApiVersion(), object.getKind()));
  }

  /** The live copy of {@code object}, of a kind this {@link #knows}; empty when there was none. */
  Optional<GenericKubernetesResource> get(GenericKubernetesResource object) {
    return Optional.ofNullable(byKey.get(ObjectRef.of(object).key()));
  }
}
