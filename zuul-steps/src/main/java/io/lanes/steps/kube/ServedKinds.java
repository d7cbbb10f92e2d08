package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the API server itself says of the kinds of a release, asked through discovery before anything is written: a
 * kind it does not serve (a CustomResourceDefinition not installed, an API version removed) fails at once with one
 * line naming the kind; a kind it serves as cluster-scoped is a lane violation (exit 3), whatever the policy's lists
 * say. One discovery request per API group version.
 */
public final class ServedKinds {
  private ServedKinds() {}

  /**
   * Checks every kind of {@code objects} against {@code client}'s API server.
   *
   * @throws StepException exit 1 naming the kinds the server does not serve; exit 3 naming the objects of kinds it
   *     serves as cluster-scoped (the platform's own Namespace excepted: {@code namespace})
   */
  public static void check(KubernetesClient client, List<GenericKubernetesResource> objects, String namespace) {
    Map<String, Optional<APIResourceList>> discovered = new LinkedHashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    List<String> clusterScoped = new ArrayList<>();
    for (GenericKubernetesResource object : objects) {
      String groupVersion = object.getApiVersion();
      Optional<APIResourceList> resources = discovered.computeIfAbsent(groupVersion, gv -> discover(client, gv));
      Optional<APIResource> resource = resources.flatMap(list -> list.getResources().stream()
          .filter(r -> object.getKind().equals(r.getKind()) && !r.getName().contains("/"))
          .findFirst());
      if (resource.isEmpty()) {
        missing.add(object.getKind() + " (" + groupVersion + ")");
      } else if (!Boolean.TRUE.equals(resource.get().getNamespaced())
          && !("Namespace".equals(object.getKind()) && namespace.equals(object.getMetadata().getName()))) {
        clusterScoped.add(object.getKind() + "/" + object.getMetadata().getName()
            + ": the API server serves " + object.getKind() + " as cluster-scoped, outside the platform's namespace "
            + namespace);
      }
    }
    if (!missing.isEmpty()) {
      throw StepException.failure(
          "the API server " + client.getMasterUrl() + " does not serve " + String.join(", ", missing)
              + ": is its CustomResourceDefinition installed, or is the API version right?",
          null);
    }
    if (!clusterScoped.isEmpty()) {
      throw StepException.policy(String.join("\n", clusterScoped));
    }
  }

  private static Optional<APIResourceList> discover(KubernetesClient client, String groupVersion) {
    try {
      return Optional.ofNullable(client.getApiResources(groupVersion));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw StepException.failure(
          "cannot discover the API group version " + groupVersion + " on " + client.getMasterUrl() + ": "
              + KubeErrors.reason(e),
          e);
    }
  }
}
