package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** How a Kubernetes API failure reads in a one-line message: the server's code and message, or the client's. */
public final class KubeErrors {
  private KubeErrors() {}

  /**
   * {@code " in namespace <namespace>"}, or nothing for a cluster-scoped object (no namespace): a message never says
   * {@code namespace null}.
   */
  public static String inNamespace(String namespace) {
    return namespace == null || namespace.isEmpty() ? "" : " in namespace " + namespace;
  }

  /** {@code 403 forbidden: ...}, {@code 401 Unauthorized}, or the connection failure's message. */
  public static String reason(KubernetesClientException e) {
    return KubeApi.reason(e);
  }

  /**
   * The one way a failed verb on an object reads: {@code cannot <verb> <Kind>/<name>[ in namespace <ns>][ on
   * <server>]: <reason>}.
   *
   * @param server the API server's URL, or null to leave it out
   */
  public static String cannot(String verb, GenericKubernetesResource object, Object server, KubernetesClientException e) {
    return "cannot " + verb + " " + object.getKind() + "/" + object.getMetadata().getName()
        + inNamespace(object.getMetadata().getNamespace()) + (server == null ? "" : " on " + server) + ": " + reason(e);
  }
}
