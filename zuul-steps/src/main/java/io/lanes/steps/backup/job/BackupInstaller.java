package io.lanes.steps.backup.job;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.kube.ObjectApplier;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the backup's objects the way deploy applies a release ({@link ObjectApplier}: server-side, each object
 * carrying its digest, one whose live copy has the same digest and fields left alone), so a second install with the
 * same inputs writes nothing. Fields other managers own are taken over.
 */
public final class BackupInstaller {
  private final ObjectApplier applier;

  public BackupInstaller(KubernetesClient client) {
    this.applier = new ObjectApplier(client, true);
  }

  /**
   * What became of one object.
   *
   * @param object {@code Kind/name}
   * @param action {@code created}, {@code updated} or {@code unchanged}
   */
  public record Change(String object, String action) {}

  /** Applies {@code objects} in order; the first failure stops it, naming the object. */
  public List<Change> apply(List<HasMetadata> objects) {
    List<Change> changes = new ArrayList<>();
    for (HasMetadata object : objects) {
      GenericKubernetesResource desired = ObjectApplier.annotated(object);
      String name = desired.getKind() + "/" + desired.getMetadata().getName();
      changes.add(new Change(name, applier.apply(desired).word()));
    }
    return changes;
  }
}
