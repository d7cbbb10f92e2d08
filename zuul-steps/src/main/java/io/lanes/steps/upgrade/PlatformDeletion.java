package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.kube.ObjectKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tutor's lilac step on the cluster ({@code kubectl delete deployments,services} of the platform's objects but its
 * load balancer: "All Kubernetes services and deployments need to be deleted during upgrade from Lilac to Maple", whose
 * selectors changed), as API deletes: the platform's Deployments and Services, those deploy applied (prune's labels,
 * {@code app.kubernetes.io/managed-by=lanes} and {@code lanes.io/platform=<platform>}), but any labelled
 * {@code app.kubernetes.io/component=loadbalancer} (its address stays), each deleted in the background (their
 * ReplicaSets and pods follow). Run under the deploy lock; the upgrade's deploy creates them again from the new
 * release. PersistentVolumeClaims, ConfigMaps and Secrets stay.
 */
final class PlatformDeletion {
  /** The kinds of each resource name Tutor deletes, as {@link UpgradeDecision#DELETED_RESOURCES} allows them. */
  static final Map<String, ObjectKind> KINDS = Map.of(
      "deployments", new ObjectKind("apps/v1", "Deployment"),
      "services", new ObjectKind("v1", "Service"));

  /** The label and value Tutor's deletion spares: the load balancer. */
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String LOAD_BALANCER = "loadbalancer";

  private final KubernetesClient client;
  private final String namespace;
  private final String platform;
  private final PrintWriter log;

  PlatformDeletion(KubernetesClient client, String namespace, String platform, PrintWriter log) {
    this.client = client;
    this.namespace = namespace;
    this.platform = platform;
    this.log = log;
  }

  /**
   * Deletes the platform's objects of {@code resources} ({@code deployments}, {@code services}).
   *
   * @return what it deleted, each {@code <Kind>/<name>}, in order
   * @throws StepException exit 1 naming the object that could not be deleted
   */
  List<String> delete(List<String> resources) {
    List<ObjectKind> kinds = resources.stream().map(KINDS::get).toList();
    Map<String, String> selector =
        Map.of(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY, LaneNames.LABEL_PLATFORM, platform);
    List<String> deleted = new ArrayList<>();
    for (GenericKubernetesResource object : new KubeApi(client).list(namespace, selector, kinds)) {
      Map<String, String> labels = object.getMetadata().getLabels();
      if (LOAD_BALANCER.equals(labels.get(COMPONENT)) || !platform.equals(labels.get(LaneNames.LABEL_PLATFORM))) {
        continue;
      }
      String id = object.getKind() + "/" + object.getMetadata().getName();
      try {
        client.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      } catch (KubernetesClientException e) {
        throw StepException.failure("upgrade: cannot delete " + id + " in namespace " + namespace + ": "
            + KubeErrors.reason(e), e);
      }
      log.printf("upgrade: deleted %s (Tutor's lilac step: its selectors change)%n", id);
      deleted.add(id);
    }
    log.flush();
    return deleted;
  }
}
