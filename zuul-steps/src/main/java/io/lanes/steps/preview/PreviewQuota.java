package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.lanes.core.config.PreviewSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quota objects Lanes puts in every preview namespace from the map's {@code cpu}, {@code memory} and {@code
 * objects}: a ResourceQuota {@value #NAME} (requests and limits of CPU and memory, and a count of each kind a platform
 * creates) and a LimitRange {@value #NAME} giving containers that state no resources the defaults below, so that
 * the quota admits them. Pure.
 */
final class PreviewQuota {
  /** The name of both objects. */
  static final String NAME = "lanes-preview";

  /** What a container that asks for nothing is given. */
  static final String DEFAULT_REQUEST_CPU = "50m";
  static final String DEFAULT_REQUEST_MEMORY = "64Mi";
  static final String DEFAULT_LIMIT_CPU = "500m";
  static final String DEFAULT_LIMIT_MEMORY = "512Mi";

  /** The kinds counted against {@code objects}, as ResourceQuota names them. */
  static final List<String> COUNTED =
      List.of(
          "pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "count/deployments.apps",
          "count/statefulsets.apps", "count/jobs.batch", "count/cronjobs.batch", "count/ingresses.networking.k8s.io");

  private PreviewQuota() {}

  /** The ResourceQuota and the LimitRange of {@code lane}'s namespace. */
  static List<HasMetadata> objects(PreviewLane lane) {
    PreviewSettings settings = lane.settings();
    Map<String, Quantity> hard = new LinkedHashMap<>();
    hard.put("requests.cpu", new Quantity(settings.cpu()));
    hard.put("limits.cpu", new Quantity(settings.cpu()));
    hard.put("requests.memory", new Quantity(settings.memory()));
    hard.put("limits.memory", new Quantity(settings.memory()));
    for (String kind : COUNTED) {
      hard.put(kind, new Quantity(Integer.toString(settings.objects())));
    }
    HasMetadata quota = new ResourceQuotaBuilder()
        .withNewMetadata().withName(NAME).withNamespace(lane.namespace()).withLabels(lane.quotaLabels()).endMetadata()
        .withNewSpec().withHard(hard).endSpec()
        .build();
    HasMetadata limits = new LimitRangeBuilder()
        .withNewMetadata().withName(NAME).withNamespace(lane.namespace()).withLabels(lane.quotaLabels()).endMetadata()
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(Map.of("cpu", new Quantity(DEFAULT_REQUEST_CPU), "memory", new Quantity(DEFAULT_REQUEST_MEMORY)))
        .withDefault(Map.of("cpu", new Quantity(DEFAULT_LIMIT_CPU), "memory", new Quantity(DEFAULT_LIMIT_MEMORY)))
        .endLimit()
        .endSpec()
        .build();
    return List.of(quota, limits);
  }
}
