package io.lanes.steps.kube;

import static io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation.STRICT;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import java.util.Optional;

/**
 * Server-side apply as field manager {@value KubeApi#FIELD_MANAGER} where taking fields from other managers is a
 * choice: without {@code force}, a field another manager owns is a conflict (409) and the object is named in the
 * error; with it, Lanes takes the field over. (Render's dry runs always force: they only preview.) Every apply asks
 * for strict field validation: a field the object's schema does not declare (a typo such as {@code replica:}) is an
 * error naming it, not a field the server silently drops.
 */
public final class ServerSideApply {
  /** How many times an apply that meets a {@link #quotaConflict} is tried in all. */
  static final int QUOTA_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final boolean force;

  /**
   * @param force whether conflicts with other field managers are forced
   */
  public ServerSideApply(KubernetesClient client, boolean force) {
    this.client = client;
    this.force = force;
  }

  /**
   * Whether applying {@code object} now, without force, would conflict with another field manager: the server's
   * conflict message (which names the manager and each field path), from a dry run that persists nothing. Empty when
   * there is no conflict.
   */
  public Optional<String> conflict(GenericKubernetesResource object) {
    try {
      client.resource(object).dryRun().fieldValidation(STRICT).fieldManager(KubeApi.FIELD_MANAGER).serverSideApply();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Optional.of(KubeApi.reason(e).replaceFirst("^409 ", ""));
      }
      throw failure(object, e, "");
    }
  }

  /** Whether another manager than Lanes owns fields of the live object's main resource (not its status). */
  public static boolean foreignManaged(GenericKubernetesResource live) {
    var fields = live.getMetadata().getManagedFields();
    return fields != null
        && fields.stream()
            .anyMatch(f -> !KubeApi.FIELD_MANAGER.equals(f.getManager())
                && (f.getSubresource() == null || f.getSubresource().isEmpty()));
  }

  /**
   * Applies {@code object}; one {@link StepException} naming it and the server on failure. A {@link #quotaConflict}
   * is tried again, up to {@link #QUOTA_ATTEMPTS} times: the server asks for exactly that.
   */
  public GenericKubernetesResource apply(GenericKubernetesResource object) {
    for (int attempt = 1; ; attempt++) {
      try {
        var resource = client.resource(object).fieldValidation(STRICT).fieldManager(KubeApi.FIELD_MANAGER);
        return force ? resource.forceConflicts().serverSideApply() : resource.serverSideApply();
      } catch (KubernetesClientException e) {
        if (quotaConflict(e) && attempt < QUOTA_ATTEMPTS) {
          pause(attempt);
          continue;
        }
        String hint = e.getCode() == 409 && !force && !quotaConflict(e)
            ? " (another field manager owns these fields: --force-conflicts takes them)" : "";
        throw failure(object, e, hint);
      }
    }
  }

  /**
   * A 409 from the ResourceQuota admission of a namespace with a quota: objects created at the same time (deploy
   * applies in parallel) each update the quota's usage, and all but one lose the optimistic lock on it ("Operation
   * cannot be fulfilled on resourcequotas ...: please apply your changes to the latest version and try again"). Not a
   * field-ownership conflict, and gone when tried again.
   */
  static boolean quotaConflict(KubernetesClientException e) {
    return e.getCode() == 409 && String.valueOf(e.getMessage()).contains("on resourcequotas");
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(50L * attempt);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private StepException failure(GenericKubernetesResource object, KubernetesClientException e, String hint) {
    return StepException.failure(KubeErrors.cannot("apply", object, client.getMasterUrl(), e) + hint, e);
  }
}
