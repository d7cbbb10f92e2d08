package io.lanes.steps.cluster;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.lanes.core.naming.LaneNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The Cinder CSI StorageClass a spec asks for, and how one in the cluster differs from it; pure. */
final class DefaultStorageClass {
  /** Cinder CSI's provisioner name. */
  static final String PROVISIONER = "cinder.csi.openstack.org";
  /** The annotation that makes a StorageClass the cluster's default. */
  static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  static final String RECLAIM_POLICY = "Delete";
  static final String VOLUME_BINDING_MODE = "WaitForFirstConsumer";

  private DefaultStorageClass() {}

  /** The StorageClass for {@code storage}. */
  static StorageClass desired(ClusterSpec.Storage storage) {
    Map<String, String> parameters = new TreeMap<>();
    storage.volumeType().ifPresent(type -> parameters.put("type", type));
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(storage.storageClass())
        .addToLabels(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
        .addToAnnotations(DEFAULT_ANNOTATION, Boolean.toString(storage.isDefault()))
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withParameters(parameters)
        .withReclaimPolicy(RECLAIM_POLICY)
        .withVolumeBindingMode(VOLUME_BINDING_MODE)
        .withAllowVolumeExpansion(storage.allowVolumeExpansion())
        .build();
  }

  /** Fields Kubernetes does not let change on a StorageClass, where {@code actual} differs from {@code desired}. */
  static List<String> immutableDifferences(StorageClass desired, StorageClass actual) {
    List<String> differences = new ArrayList<>();
    compare(differences, "provisioner", desired.getProvisioner(), actual.getProvisioner());
    compare(differences, "parameters", new TreeMap<>(orEmpty(desired.getParameters())),
        new TreeMap<>(orEmpty(actual.getParameters())));
    compare(differences, "reclaimPolicy", desired.getReclaimPolicy(),
        Objects.requireNonNullElse(actual.getReclaimPolicy(), RECLAIM_POLICY));
    compare(differences, "volumeBindingMode", desired.getVolumeBindingMode(),
        Objects.requireNonNullElse(actual.getVolumeBindingMode(), "Immediate"));
    return differences;
  }

  /** Mutable fields where {@code actual} differs: {@code allowVolumeExpansion}, the default annotation, the label. */
  static List<String> mutableDifferences(StorageClass desired, StorageClass actual) {
    List<String> differences = new ArrayList<>();
    if (!Objects.equals(desired.getAllowVolumeExpansion(), Boolean.TRUE.equals(actual.getAllowVolumeExpansion()))) {
      differences.add("allowVolumeExpansion");
    }
    if (!Objects.equals(annotation(desired), annotation(actual))) {
      differences.add("default");
    }
    if (!LaneNames.MANAGED_BY.equals(orEmpty(actual.getMetadata().getLabels()).get(LaneNames.LABEL_MANAGED_BY))) {
      differences.add("label " + LaneNames.LABEL_MANAGED_BY);
    }
    return differences;
  }

  /** Whether {@code storageClass} is marked as the cluster's default. */
  static boolean isDefault(StorageClass storageClass) {
    return "true".equals(annotation(storageClass));
  }

  private static String annotation(StorageClass storageClass) {
    return orEmpty(storageClass.getMetadata().getAnnotations()).get(DEFAULT_ANNOTATION);
  }

  private static void compare(List<String> differences, String field, Object desired, Object actual) {
    if (!Objects.equals(desired, actual)) {
      differences.add(field + " " + actual + " in the cluster, " + desired + " in the spec");
    }
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
