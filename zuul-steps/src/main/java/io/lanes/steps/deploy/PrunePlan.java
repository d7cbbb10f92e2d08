package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.core.naming.LaneNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What prune deletes: live objects in the platform's namespace that carry both of the platform's prune labels
 * ({@code app.kubernetes.io/managed-by=lanes}, {@code lanes.io/platform=<platform>}), checked here again whatever
 * the server's selector did, and that are not in the kept list (the release's objects). PersistentVolumeClaims hold
 * data and are only deleted when asked. Pure.
 *
 * @param delete the objects to delete
 * @param keptVolumes the PersistentVolumeClaims no longer rendered but kept (no {@code --prune-volumes})
 */
public record PrunePlan(List<GenericKubernetesResource> delete, List<GenericKubernetesResource> keptVolumes) {

  /**
   * @param live what the server listed by the prune labels
   * @param kept the {@link ObjectRef#key()}s of the release's objects
   */
  public static PrunePlan of(
      List<GenericKubernetesResource> live, Set<String> kept, String platform, String namespace, boolean volumes) {
    List<GenericKubernetesResource> delete = new ArrayList<>();
    List<GenericKubernetesResource> keptVolumes = new ArrayList<>();
    for (GenericKubernetesResource object : live) {
      Map<String, String> labels = object.getMetadata().getLabels();
      boolean ours =
          labels != null
              && LaneNames.MANAGED_BY.equals(labels.get(LaneNames.LABEL_MANAGED_BY))
              && platform.equals(labels.get(LaneNames.LABEL_PLATFORM))
              && namespace.equals(object.getMetadata().getNamespace());
      if (!ours || kept.contains(ObjectRef.of(object).key())) {
        continue;
      }
      if ("PersistentVolumeClaim".equals(object.getKind()) && !volumes) {
        keptVolumes.add(object);
      } else {
        delete.add(object);
      }
    }
    return new PrunePlan(List.copyOf(delete), List.copyOf(keptVolumes));
  }
}
