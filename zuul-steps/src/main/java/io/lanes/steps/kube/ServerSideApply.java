package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;

/**
 * Server-side apply as field manager {@value KubeApi#FIELD_MANAGER} where taking fields from other managers is a
 * choice: without {@code force}, a field another manager owns is a conflict (409) and the object is named in the
 * error; with it, Lanes takes the field over. (Render's dry runs always force: they only preview.)
 */
public final class ServerSideApply {
  private final KubernetesClient client;
  private final boolean force;

  /**
   * @param force whether conflicts with other field managers are forced
   */
  public ServerSideApply(KubernetesClient client, boolean force) {
    this.client = client;
    this.force = force;
  }

  /** Applies {@code object}; one {@link StepException} naming it and the server on failure. */
  public GenericKubernetesResource apply(GenericKubernetesResource object) {
    try {
      var resource = client.resource(object).fieldManager(KubeApi.FIELD_MANAGER);
      return force ? resource.forceConflicts().serverSideApply() : resource.serverSideApply();
    } catch (KubernetesClientException e) {
      String hint = e.getCode() == 409 && !force ? " (another field manager owns these fields: --force-conflicts takes them)" : "";
      String namespace = object.getMetadata().getNamespace();
      throw StepException.failure(
          "cannot apply " + object.getKind() + "/" + object.getMetadata().getName()
              + (namespace == null ? "" : " in namespace " + namespace) + " on " + client.getMasterUrl() + ": "
              + KubeApi.reason(e) + hint,
          e);
    }
  }
}
