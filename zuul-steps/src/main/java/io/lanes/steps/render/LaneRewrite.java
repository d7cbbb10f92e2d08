package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.image.ImageReference;
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
 * #laneImage}). Pure: no I/O.
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
          container.put("image", laneImage(image, platform, tag));
        }
      }
    }
  }

  /**
   * How render gives the platform's own images the lane's tag. An image of the platform's own repository, {@code
   * <registry>/<platform>/<name>}, written without a tag or digest ({@code localhost:5000/acme/openedx}, what Tutor
   * writes for {@code DOCKER_IMAGE_OPENEDX: localhost:5000/acme/openedx}) is the image the change builds: it gets the
   * lane's tag ({@code change-<N>-ps-<M>}). Every other reference is left exactly as written: a tagged or pinned
   * image of the platform's prefix (a mirror, {@code localhost:5000/acme/mysql:8.4.0}) keeps its version, and an
   * image from elsewhere, or text that is no image reference, is judged by the lane policy, the same way the plugin
   * judged it at review.
   */
  static String laneImage(String image, Platform platform, String tag) {
    return ImageReference.tryParse(image)
        .filter(reference -> reference.isBelow(LaneNames.imagePrefix(platform)))
        .filter(reference -> reference.tag().isEmpty() && reference.digest().isEmpty())
        .map(reference -> reference.withTag(tag).toString())
        .orElse(image);
  }

  /**
   * Gives the platform's own images in {@code objects} (in place) the tag {@code to} where {@link #laneImage} gave them
   * {@code from}: what these objects would be had they been rendered with the tag {@code to}. An image of the
   * platform's repository tagged {@code from} and not pinned gets {@code to}; every other reference is left as it is.
   * (An env that wrote the lane's tag {@code from} itself gets {@code to} too: that tag is the lane's, not the env's.)
   */
  public static void retag(List<GenericKubernetesResource> objects, Platform platform, String from, String to) {
    for (GenericKubernetesResource object : objects) {
      for (Map<String, Object> container : PodSpecs.containers(object.getKind(), object.getAdditionalProperties())) {
        if (container.get("image") instanceof String image) {
          container.put("image", retag(image, platform, from, to));
        }
      }
    }
  }

  static String retag(String image, Platform platform, String from, String to) {
    return ImageReference.tryParse(image)
        .filter(reference -> reference.isBelow(LaneNames.imagePrefix(platform)))
        .filter(reference -> reference.tag().filter(from::equals).isPresent() && reference.digest().isEmpty())
        .map(reference -> reference.withTag(to).toString())
        .orElse(image);
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
