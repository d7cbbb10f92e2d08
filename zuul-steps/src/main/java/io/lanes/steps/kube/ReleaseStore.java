package io.lanes.steps.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A platform's release records in its namespace: read them, add one, keep the last N. */
public final class ReleaseStore {
  private final KubernetesClient client;
  private final String namespace;
  private final String platform;

  public ReleaseStore(KubernetesClient client, String namespace, String platform) {
    this.client = client;
    this.namespace = namespace;
    this.platform = platform;
  }

  /** Every release recorded, oldest first. */
  public List<ReleaseRecord> all() {
    List<ConfigMap> maps;
    try {
      maps = client.configMaps().inNamespace(namespace).withLabel(ReleaseRecord.LABEL_RELEASE_OF, platform).list().getItems();
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "cannot list the release records of " + platform + " in namespace " + namespace + " on "
              + client.getMasterUrl() + ": " + KubeErrors.reason(e),
          e);
    }
    List<ReleaseRecord> records = new ArrayList<>();
    for (ConfigMap map : maps) {
      records.add(ReleaseRecord.fromConfigMap(map));
    }
    records.sort(Comparator.comparingInt(ReleaseRecord::number));
    return records;
  }

  /** The newest release, if any. */
  public Optional<ReleaseRecord> latest() {
    List<ReleaseRecord> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** Release {@code number}, or a configuration error listing the recorded ones. */
  public ReleaseRecord get(int number) {
    List<ReleaseRecord> all = all();
    return all.stream()
        .filter(r -> r.number() == number)
        .findFirst()
        .orElseThrow(
            () -> StepException.configuration(
                "--to " + number + ": no such release of " + platform + " in namespace " + namespace
                    + " (recorded: " + all.stream().map(r -> Integer.toString(r.number())).toList() + ")"));
  }

  /** Writes {@code record} (created; a record is never changed). */
  public void add(ReleaseRecord record) {
    try {
      client.configMaps().inNamespace(namespace).resource(record.toConfigMap(namespace)).create();
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "cannot record release " + record.number() + " as ConfigMap/" + record.name() + " in namespace " + namespace
              + ": " + KubeErrors.reason(e),
          e);
    }
  }

  /** Deletes all but the newest {@code keep} records; the names deleted. */
  public List<String> trim(int keep) {
    List<ReleaseRecord> all = all();
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < all.size() - keep; i++) {
      String name = all.get(i).name();
      try {
        client.configMaps().inNamespace(namespace).withName(name).delete();
        deleted.add(name);
      } catch (KubernetesClientException e) {
        throw StepException.failure("cannot delete the old release record ConfigMap/" + name + ": " + KubeErrors.reason(e), e);
      }
    }
    return deleted;
  }
}
