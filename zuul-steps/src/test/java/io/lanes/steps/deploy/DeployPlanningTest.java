package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.lanes.steps.Sha256;
import io.lanes.steps.kube.ApplyDecision;
import io.lanes.steps.kube.ObjectDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("deploy's pure planning: phases, digests, release record, prune plan, lock decisions, rollout checks")
class DeployPlanningTest {
  private static final String NS = "openedx-acme";

  private static GenericKubernetesResource object(String apiVersion, String kind, String name, Map<String, String> labels) {
    return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind(kind)
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata().build();
  }

  private static Map<String, String> ours(String platform) {
    return Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", platform, "lanes.io/revision", "abc");
  }

  @Test
  @DisplayName("objects are planned in Tutor's order: namespace, config, data stores, init jobs, apps")
  void phasesInTutorsOrder() {
    PhasePlan plan = PhasePlan.of(List.of(
        object("apps/v1", "Deployment", "lms", Map.of()),
        object("batch/v1", "Job", "lms-job", Map.of()),
        object("apps/v1", "Deployment", "mysql", Map.of()),
        object("v1", "ConfigMap", "settings", Map.of()),
        object("v1", "Namespace", NS, Map.of()),
        object("apps/v1", "StatefulSet", "db", Map.of("app.kubernetes.io/name", "redis"))));

    assertThat(plan.all().stream().map(o -> o.getMetadata().getName()))
        .containsExactly(NS, "settings", "mysql", "db", "lms-job", "lms");
    assertThat(plan.objects(Phase.DATA_STORES)).hasSize(2);
  }

  @Test
  @DisplayName("an object's digest ignores its revision label and server fields, and sees any content change")
  void digestIgnoresRevision() {
    GenericKubernetesResource a = object("v1", "ConfigMap", "c", ours("acme"));
    GenericKubernetesResource b = object("v1", "ConfigMap", "c",
        Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", "acme", "lanes.io/revision", "def"));
    b.getMetadata().setResourceVersion("42");
    GenericKubernetesResource c = object("v1", "ConfigMap", "c", ours("acme"));
    c.getAdditionalProperties().put("data", Map.of("k", "v"));

    assertThat(ObjectDigest.of(a)).isEqualTo(ObjectDigest.of(b)).startsWith("sha256:");
    assertThat(ObjectDigest.of(c)).isNotEqualTo(ObjectDigest.of(a));
  }

  @Test
  @DisplayName("an unchanged live object needs no write; drift in a field Lanes sets does")
  void applyDecision() {
    GenericKubernetesResource desired = object("v1", "ConfigMap", "c", ours("acme"));
    desired.getAdditionalProperties().put("data", Map.of("k", "v"));
    DesiredRelease.of("abc", "t", Map.of(), new java.util.ArrayList<>(List.of(desired)));
    GenericKubernetesResource live = object("v1", "ConfigMap", "c", ours("acme"));
    live.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
    live.getMetadata().setUid("u-1");
    live.getAdditionalProperties().put("data", Map.of("k", "v"));
    GenericKubernetesResource drifted = object("v1", "ConfigMap", "c", ours("acme"));
    drifted.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
    drifted.getAdditionalProperties().put("data", Map.of("k", "edited by hand"));

    assertThat(ApplyDecision.unchanged(desired, Optional.of(live))).isTrue();
    assertThat(ApplyDecision.unchanged(desired, Optional.of(drifted))).isFalse();
    assertThat(ApplyDecision.unchanged(desired, Optional.empty())).isFalse();
  }

  @Test
  @DisplayName("the release record of a 2,000-object platform stays far under the 1 MiB object limit and reads back")
  void releaseRecordSize() {
    TreeMap<String, String> objects = new TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      objects.put("apps/Deployment/some-rather-long-workload-name-" + i, Sha256.of(("object " + i).getBytes(UTF_8)));
    }
    ReleaseRecord record = new ReleaseRecord(7, "acme", "0123456789abcdef0123456789abcdef01234567", Optional.of(12),
        Optional.of(3), "change-12-ps-3", new TreeMap<>(Map.of("openedx", Sha256.of("image".getBytes(UTF_8)))),
        ObjectDigest.manifest(objects), objects, Instant.parse("2026-11-24T10:00:00Z"), "build-uuid", new TreeMap<>());

    var configMap = record.toConfigMap(NS);
    int size = configMap.getData().values().stream().mapToInt(String::length).sum();

    assertThat(size).isLessThan(512 * 1024);
    assertThat(configMap.getMetadata().getName()).isEqualTo("lanes-release-acme-7");
    assertThat(ReleaseRecord.fromConfigMap(configMap)).isEqualTo(record);
  }

  @Test
  @DisplayName("prune deletes only this platform's labelled objects that are not kept; volumes only when asked")
  void prunePlan() {
    GenericKubernetesResource kept = object("v1", "ConfigMap", "kept", ours("acme"));
    GenericKubernetesResource gone = object("v1", "ConfigMap", "gone", ours("acme"));
    GenericKubernetesResource other = object("v1", "ConfigMap", "other", ours("globex"));
    GenericKubernetesResource unlabelled = object("v1", "ConfigMap", "unlabelled", Map.of());
    GenericKubernetesResource volume = object("v1", "PersistentVolumeClaim", "data", ours("acme"));
    List<GenericKubernetesResource> live = List.of(kept, gone, other, unlabelled, volume);

    PrunePlan plan = PrunePlan.of(live, Set.of(ObjectRef.of(kept).key()), "acme", NS, false);
    PrunePlan withVolumes = PrunePlan.of(live, Set.of(ObjectRef.of(kept).key()), "acme", NS, true);

    assertThat(plan.delete()).containsExactly(gone);
    assertThat(plan.keptVolumes()).containsExactly(volume);
    assertThat(withVolumes.delete()).containsExactly(gone, volume);
  }

  @Test
  @DisplayName("the lock is created, waited for while fresh, taken over once stale, and re-taken by its own holder")
  void leaseDecisions() {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    Duration ttl = Duration.ofSeconds(60);

    assertThat(LeaseDecision.decide(false, null, null, ttl, "me", now).action()).isEqualTo(LeaseDecision.Action.CREATE);
    assertThat(LeaseDecision.decide(true, "other", now.minusSeconds(10), ttl, "me", now).action())
        .isEqualTo(LeaseDecision.Action.WAIT);
    LeaseDecision stale = LeaseDecision.decide(true, "other", now.minusSeconds(61), ttl, "me", now);
    assertThat(stale.action()).isEqualTo(LeaseDecision.Action.TAKE);
    assertThat(stale.takesOver("me")).isTrue();
    assertThat(LeaseDecision.decide(true, "me", now, ttl, "me", now).action()).isEqualTo(LeaseDecision.Action.TAKE);
    assertThat(LeaseDecision.decide(true, null, null, ttl, "me", now).action()).isEqualTo(LeaseDecision.Action.TAKE);
  }

  @Test
  @DisplayName("rollout checks fail fast on a stuck container, wait on an unobserved generation, pass when available")
  void rolloutChecks() {
    GenericKubernetesResource deployment = object("apps/v1", "Deployment", "lms", Map.of());
    deployment.getMetadata().setGeneration(2L);
    deployment.getAdditionalProperties().put("spec", Map.of("replicas", 2));
    deployment.getAdditionalProperties().put("status", Map.of("observedGeneration", 1));
    assertThat(RolloutCheck.evaluate(deployment, List.of()).phase()).isEqualTo(RolloutState.Progress.PROGRESSING);

    deployment.getAdditionalProperties().put("status",
        Map.of("observedGeneration", 2, "replicas", 2, "updatedReplicas", 2, "availableReplicas", 2));
    assertThat(RolloutCheck.evaluate(deployment, List.of()).isReady()).isTrue();

    GenericKubernetesResource pod = object("v1", "Pod", "lms-abc", Map.of());
    pod.getAdditionalProperties().put("status", Map.of("containerStatuses", List.of(Map.of("name", "lms",
        "state", Map.of("waiting", Map.of("reason", "ImagePullBackOff", "message", "pull access denied"))))));
    RolloutState stuck = RolloutCheck.evaluate(deployment, List.of(pod));
    assertThat(stuck.isFailed()).isTrue();
    assertThat(stuck.message()).contains("Deployment/lms").contains("lms-abc").contains("ImagePullBackOff");

    // A rollback just applied (generation 3, not yet seen): the pods picked by the old revision are the stuck ones
    // of the release being rolled back, and must not fail the rollback's wait.
    deployment.getMetadata().setGeneration(3L);
    RolloutState rollingBack = RolloutCheck.evaluate(deployment, List.of(pod));
    assertThat(rollingBack.phase()).isEqualTo(RolloutState.Progress.PROGRESSING);
    assertThat(rollingBack.message()).isEqualTo("Deployment/lms: waiting for the controller to see generation 3");
  }

  @Test
  @DisplayName("a DaemonSet waits for its controller, then for every scheduled pod updated and available")
  void daemonSetRollout() {
    GenericKubernetesResource daemonSet = object("apps/v1", "DaemonSet", "log-shipper", Map.of());
    daemonSet.getMetadata().setGeneration(3L);

    daemonSet.getAdditionalProperties().put("status", Map.of("observedGeneration", 2, "desiredNumberScheduled", 3,
        "updatedNumberScheduled", 3, "numberAvailable", 3));
    RolloutState unobserved = RolloutCheck.evaluate(daemonSet, List.of());
    assertThat(unobserved.phase()).isEqualTo(RolloutState.Progress.PROGRESSING);
    assertThat(unobserved.message()).isEqualTo("DaemonSet/log-shipper: waiting for the controller to see generation 3");

    daemonSet.getAdditionalProperties().put("status", Map.of("observedGeneration", 3, "desiredNumberScheduled", 3,
        "updatedNumberScheduled", 2, "numberAvailable", 3));
    assertThat(RolloutCheck.evaluate(daemonSet, List.of()).phase()).isEqualTo(RolloutState.Progress.PROGRESSING);

    daemonSet.getAdditionalProperties().put("status", Map.of("observedGeneration", 3, "desiredNumberScheduled", 3,
        "updatedNumberScheduled", 3, "numberAvailable", 2));
    RolloutState unavailable = RolloutCheck.evaluate(daemonSet, List.of());
    assertThat(unavailable.phase()).isEqualTo(RolloutState.Progress.PROGRESSING);
    assertThat(unavailable.message()).isEqualTo("DaemonSet/log-shipper: 2 of 3 pods available");

    daemonSet.getAdditionalProperties().put("status", Map.of("observedGeneration", 3, "desiredNumberScheduled", 3,
        "updatedNumberScheduled", 3, "numberAvailable", 3));
    RolloutState ready = RolloutCheck.evaluate(daemonSet, List.of());
    assertThat(ready.isReady()).isTrue();
    assertThat(ready.message()).isEqualTo("DaemonSet/log-shipper: 3 of 3 pods available");

    GenericKubernetesResource pod = object("v1", "Pod", "log-shipper-x1", Map.of());
    pod.getAdditionalProperties().put("status", Map.of("initContainerStatuses", List.of(Map.of("name", "setup",
        "state", Map.of("waiting", Map.of("reason", "CrashLoopBackOff"))))));
    RolloutState stuck = RolloutCheck.evaluate(daemonSet, List.of(pod));
    assertThat(stuck.isFailed()).isTrue();
    assertThat(stuck.message())
        .isEqualTo("DaemonSet/log-shipper: pod log-shipper-x1 container setup is waiting: CrashLoopBackOff");
  }

  @Test
  @DisplayName("a StatefulSet is ready when every replica is ready and on the update revision")
  void statefulSetRollout() {
    GenericKubernetesResource statefulSet = object("apps/v1", "StatefulSet", "mysql", Map.of());
    statefulSet.getAdditionalProperties().put("spec", Map.of("replicas", 1));

    statefulSet.getAdditionalProperties().put("status", Map.of("readyReplicas", 1, "updatedReplicas", 0,
        "currentRevision", "mysql-1", "updateRevision", "mysql-2"));
    assertThat(RolloutCheck.evaluate(statefulSet, List.of()).message()).isEqualTo("StatefulSet/mysql: 0 of 1 replicas updated");

    statefulSet.getAdditionalProperties().put("status", Map.of("readyReplicas", 1, "updatedReplicas", 1,
        "currentRevision", "mysql-2", "updateRevision", "mysql-2"));
    assertThat(RolloutCheck.evaluate(statefulSet, List.of()).isReady()).isTrue();
  }
}
