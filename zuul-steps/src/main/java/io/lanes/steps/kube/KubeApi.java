package io.lanes.steps.kube;

import static io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation.STRICT;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few verbs Lanes needs from the Kubernetes API, over fabric8, on objects of any kind: read one, apply one
 * server-side (for real or as a dry run), list by labels. Every failure becomes one {@link StepException} naming the
 * verb, the object and the server.
 */
public final class KubeApi implements AutoCloseable {
  /** The field manager Lanes applies with; the server records it in each object's managed fields. */
  public static final String FIELD_MANAGER = "lanes";

  private final KubernetesClient client;

  public KubeApi(KubernetesClient client) {
    this.client = client;
  }

  /** The API server's URL, for messages. */
  public String server() {
    return client.getMasterUrl().toString();
  }

  /** The live object with {@code object}'s kind, namespace and name, or empty when there is none. */
  public Optional<GenericKubernetesResource> get(GenericKubernetesResource object) {
    try {
      return Optional.ofNullable(client.resource(object).get());
    } catch (KubernetesClientException e) {
      throw failure("read", object, e);
    }
  }

  /**
   * What the server would make of {@code object} if Lanes applied it server-side now ({@code dryRun=All}, field
   * manager {@value #FIELD_MANAGER}, conflicts forced, strict field validation: a field the schema does not declare
   * is an error): nothing is persisted.
   */
  public GenericKubernetesResource dryRunApply(GenericKubernetesResource object) {
    try {
      return client.resource(object).dryRun().fieldValidation(STRICT).fieldManager(FIELD_MANAGER).forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw failure("apply (dry run)", object, e);
    }
  }

  /** Applies {@code object} server-side as field manager {@value #FIELD_MANAGER}, conflicts forced. */
  public GenericKubernetesResource apply(GenericKubernetesResource object) {
    try {
      return client.resource(object).fieldValidation(STRICT).fieldManager(FIELD_MANAGER).forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw failure("apply", object, e);
    }
  }

  /**
   * The objects of {@code kinds} in {@code namespace} that carry every one of {@code labels} (equality selectors
   * only, which every API server and its test doubles understand). A kind the server does not serve is skipped.
   */
  public List<GenericKubernetesResource> list(
      String namespace, Map<String, String> labels, Collection<ObjectKind> kinds) {
    List<GenericKubernetesResource> found = new ArrayList<>();
    for (ObjectKind kind : kinds) {
      try {
        GenericKubernetesResourceList list =
            client
                .genericKubernetesResources(kind.apiVersion(), kind.kind())
                .inNamespace(namespace)
                .withLabels(labels)
                .list();
        found.addAll(list.getItems());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue;
        }
        throw StepException.failure(
            "cannot list " + kind.kind() + KubeErrors.inNamespace(namespace) + " on " + server() + ": " + reason(e), e);
      }
    }
    return found;
  }

  /** {@link ServedKinds#check}: every kind served, none cluster-scoped but the platform's own Namespace. */
  public void checkServed(List<GenericKubernetesResource> objects, String namespace) {
    ServedKinds.check(client, objects, namespace);
  }

  @Override
  public void close() {
    client.close();
  }

  private StepException failure(String verb, GenericKubernetesResource object, KubernetesClientException e) {
    return StepException.failure(KubeErrors.cannot(verb, object, server(), e), e);
  }

  /** The server's own message when it gave one, else the client's (a connection failure, a timeout). */
  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getCode() + " " + e.getStatus().getMessage();
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return e.getCode() > 0 ? e.getCode() + " " + message : message;
  }
}
