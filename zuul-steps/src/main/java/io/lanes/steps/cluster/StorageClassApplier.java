package io.lanes.steps.cluster;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.StepException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the cluster's StorageClass what the cluster spec says (see {@link DefaultStorageClass}): creates it, updates
 * what Kubernetes lets change, refuses before any write when an immutable setting differs, and takes the default
 * from any other class when it is to be the default. Says each change on {@code out}.
 */
final class StorageClassApplier {
  private StorageClassApplier() {}

  /** Applies the spec's StorageClass; returns the changes made ({@code create NAME}, {@code update NAME}, ...). */
  static List<String> apply(KubernetesClient client, ClusterSpec.Storage storage, PrintWriter out) {
    StorageClass desired = DefaultStorageClass.desired(storage);
    String name = storage.storageClass();
    List<String> changes = new ArrayList<>();
    var storageClasses = client.storage().v1().storageClasses();
    List<StorageClass> existing = storageClasses.list().getItems();
    Optional<StorageClass> current = existing.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
    if (current.isPresent()) {
      List<String> immutable = DefaultStorageClass.immutableDifferences(desired, current.get());
      if (!immutable.isEmpty()) {
        throw StepException.configuration(
            "StorageClass " + name + " exists with other settings Kubernetes cannot change ("
                + String.join("; ", immutable) + "): delete it or give storage.storageClass another name; "
                + "nothing was changed");
      }
    }
    if (current.isEmpty()) {
      out.println("+ create StorageClass " + name + " (" + DefaultStorageClass.PROVISIONER
          + (storage.isDefault() ? ", default" : "") + ")");
      storageClasses.resource(desired).create();
      changes.add("create " + name);
    } else {
      List<String> mutable = DefaultStorageClass.mutableDifferences(desired, current.get());
      if (mutable.isEmpty()) {
        out.println("= StorageClass " + name + " is up to date");
      } else {
        out.println("~ update StorageClass " + name + " (" + String.join(", ", mutable) + ")");
        storageClasses.withName(name).edit(s -> new StorageClassBuilder(s)
            .editMetadata()
            .addToLabels(desired.getMetadata().getLabels())
            .addToAnnotations(desired.getMetadata().getAnnotations())
            .endMetadata()
            .withAllowVolumeExpansion(desired.getAllowVolumeExpansion())
            .build());
        changes.add("update " + name);
      }
    }
    if (storage.isDefault()) {
      for (StorageClass other : existing) {
        String otherName = other.getMetadata().getName();
        if (!otherName.equals(name) && DefaultStorageClass.isDefault(other)) {
          out.println("~ StorageClass " + otherName + " is no longer the default");
          storageClasses.withName(otherName).edit(s -> new StorageClassBuilder(s)
              .editMetadata()
              .addToAnnotations(DefaultStorageClass.DEFAULT_ANNOTATION, "false")
              .endMetadata()
              .build());
          changes.add("undefault " + otherName);
        }
      }
    }
    return changes;
  }
}
