package io.lanes.steps.backup;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.kube.ApplyDecision;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.ObjectDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the backup's objects server-side, the way deploy applies a release: each object carries its {@link
 * ObjectDigest} annotation, and one whose live copy has the same digest and still holds every field Lanes sets is
 * left alone, so a second install with the same inputs writes nothing.
 */
final class BackupInstaller {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubeApi api;

  BackupInstaller(KubeApi api) {
    this.api = api;
  }

  /**
   * What became of one object.
   *
   * @param object {@code Kind/name}
   * @param action {@code created}, {@code updated} or {@code unchanged}
   */
  record Change(String object, String action) {}

  /** Applies {@code objects} in order; the first failure stops it, naming the object. */
  List<Change> apply(List<HasMetadata> objects) {
    List<Change> changes = new ArrayList<>();
    for (HasMetadata object : objects) {
      GenericKubernetesResource desired = annotated(object);
      String name = desired.getKind() + "/" + desired.getMetadata().getName();
      Optional<GenericKubernetesResource> live = api.get(desired);
      if (ApplyDecision.unchanged(desired, live)) {
        changes.add(new Change(name, "unchanged"));
        continue;
      }
      api.apply(desired);
      changes.add(new Change(name, live.isPresent() ? "updated" : "created"));
    }
    return changes;
  }

  /** {@code object} as a generic resource annotated with its digest. Pure. */
  static GenericKubernetesResource annotated(HasMetadata object) {
    GenericKubernetesResource generic = SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    ObjectDigest.annotate(generic);
    return generic;
  }
}
