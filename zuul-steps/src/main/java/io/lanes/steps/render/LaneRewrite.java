package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;
import io.lanes.core.policy.LanePolicy;
import io.lanes.core.policy.PodSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts rendered objects into the platform's lane, in place: the platform's namespace on namespaced objects that have
 * none (an object that names another namespace keeps it, for the policy to reject: render never moves an object
 * silently), the Lanes labels on every object, and the lane's tag on the platform's untagged images (see {@link
 * ImageReference}). Pure: no I/O.
 */
public final class LaneRewrite {
  private final KubernetesSerialization serialization;
  private final Platform platform;
  private final Map<String, String> labels;
  private final String tag;

  /**
   * @param revision the revision every object is labelled with
   * @param tag the tag the platform's untagged images get
   */
  public LaneRewrite(KubernetesSerialization serialization, Platform platform, String revision, String tag) {
    this.serialization = serialization;
    this.platform = platform;
    this.labels = LaneNames.labels(platform, revision);
    this.tag = tag;
  }

  /** Rewrites {@code objects} in place. */
  public void apply(List<RenderedObject> objects) {
    for (RenderedObject object : objects) {
      GenericKubernetesResource resource = object.resource();
      ObjectMeta metadata = resource.getMetadata();
      if (metadata.getNamespace() == null && isNamespaced(resource)) {
        metadata.setNamespace(platform.namespace());
      }
      Map<String, String> merged = new LinkedHashMap<>();
      if (metadata.getLabels() != null) {
        merged.putAll(metadata.getLabels());
      }
      merged.putAll(labels);
      metadata.setLabels(merged);
      for (Map<String, Object> container : PodSpecs.containers(resource.getKind(), resource.getAdditionalProperties())) {
        if (container.get("image") instanceof String image) {
          container.put("image", ImageReference.rewrite(image, platform, tag));
        }
      }
    }
  }

  /**
   * Whether objects of this kind live in a namespace: every kind but the cluster-scoped ones the lane policy knows
   * ({@link LanePolicy#CLUSTER_SCOPED_KINDS}) and those fabric8's model knows as cluster-scoped. A custom resource
   * of an unknown kind counts as namespaced, as kustomize counts it.
   */
  boolean isNamespaced(GenericKubernetesResource resource) {
    if (LanePolicy.CLUSTER_SCOPED_KINDS.contains(resource.getKind())) {
      return false;
    }
    Class<? extends KubernetesResource> type =
        serialization.getRegisteredKubernetesResource(resource.getApiVersion(), resource.getKind());
    if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
      return true;
    }
    return Namespaced.class.isAssignableFrom(type);
  }
}
