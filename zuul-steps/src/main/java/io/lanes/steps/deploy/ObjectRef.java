package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Which object: enough to find it again in the API and to tell two objects apart.
 *
 * @param apiVersion {@code v1} or {@code <group>/<version>}
 * @param kind the object's kind
 * @param namespace its namespace, or null when cluster-scoped
 * @param name its name
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** The reference of {@code resource}. */
  public static ObjectRef of(GenericKubernetesResource resource) {
    return new ObjectRef(
        resource.getApiVersion(),
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }

  /** The API group, empty for the core group. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /**
   * {@code <group>/<kind>/<name>}: one object of the namespace whatever the API version it is served at, as the
   * release record and prune compare objects.
   */
  public String key() {
    return group() + "/" + kind + "/" + name;
  }

  /** {@code kind/name}, the way every message names an object. */
  public String id() {
    return kind + "/" + name;
  }
}
