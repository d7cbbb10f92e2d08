package io.lanes.steps.status;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.config.Backup;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.DrillHistory;
import io.lanes.steps.backup.LastBackup;
import io.lanes.steps.backup.TakeoverRecord;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what {@code status} shows of one platform, with get and list only: its release records and deploy Lease from
 * its namespace, its newest backup and last drill from its bucket. A failure becomes part of the platform's status.
 */
final class StatusReader {
  private StatusReader() {}

  /** The platform's releases (newest first) and deploy lock, or why its namespace cannot be read; never throws. */
  static PlatformStatus read(KubernetesClient client, Platform platform, Instant now) {
    try {
      List<ReleaseRecord> releases = new ArrayList<>(new ReleaseStore(client, platform.namespace(), platform.name()).all());
      java.util.Collections.reverse(releases);
      return PlatformStatus.read(platform, now, releases, lock(client, platform.namespace(), now));
    } catch (StepException e) {
      return PlatformStatus.unreadable(platform, now, reason(e));
    } catch (KubernetesClientException e) {
      return PlatformStatus.unreadable(platform, now, KubeErrors.reason(e));
    }
  }

  /** The platform's newest backup, read with {@code credentials} from its bucket; never fails the step. */
  static PlatformStatus.BackupState backup(
      PlatformMap map, Platform platform, Optional<S3Credentials> credentials, Instant now) {
    Optional<Backup> section = platform.backup().map(map.backups()::get);
    if (section.isEmpty()) {
      return PlatformStatus.BackupState.notConfigured();
    }
    if (credentials.isEmpty()) {
      return PlatformStatus.BackupState.notRead();
    }
    try (ObjectStore store = ObjectStore.open(section.get().endpoint(), section.get().bucket(), credentials.get())) {
      return PlatformStatus.BackupState.of(
              LastBackup.newest(store, platform.name()), store.where(), now, DrillHistory.last(store, platform.name()))
          .withTakeover(takeover(store, platform, now));
    } catch (StepException e) {
      return PlatformStatus.BackupState.failed(e.getMessage());
    }
  }

  /** The platform's takeover record; one that does not parse is shown as unreadable, not a failure of the rest. */
  private static TakeoverState takeover(ObjectStore store, Platform platform, Instant now) {
    String key = TakeoverRecord.key(platform.name());
    String text = store.exists(key) ? store.readText(key) : null;
    try {
      return TakeoverState.of(TakeoverRecord.parse(key, text), now);
    } catch (StepException e) {
      return TakeoverState.unreadable(e.getMessage());
    }
  }

  /** The server's reason when the step wrapped a Kubernetes failure, else the step's own message. */
  private static String reason(StepException e) {
    return e.getCause() instanceof KubernetesClientException k ? KubeErrors.reason(k) : e.getMessage();
  }

  private static Optional<PlatformStatus.Lock> lock(KubernetesClient client, String namespace, Instant now) {
    Lease lease = client.leases().inNamespace(namespace).withName(DeployLock.NAME).get();
    if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null
        || lease.getSpec().getHolderIdentity().isEmpty()) {
      return Optional.empty();
    }
    LeaseSpec spec = lease.getSpec();
    Optional<Instant> renewed = instant(spec.getRenewTime());
    Optional<Instant> expires = renewed.flatMap(r -> Optional.ofNullable(spec.getLeaseDurationSeconds())
        .map(d -> r.plusSeconds(d)));
    return Optional.of(new PlatformStatus.Lock(
        spec.getHolderIdentity(), instant(spec.getAcquireTime()), renewed, expires,
        expires.map(e -> !now.isBefore(e)).orElse(false)));
  }

  private static Optional<Instant> instant(ZonedDateTime time) {
    return Optional.ofNullable(time).map(ZonedDateTime::toInstant);
  }
}
