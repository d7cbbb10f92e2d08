package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.render.InitJobs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Jobs an upgrade builds from a Deployment of the new release (a database hop's, a command's): the Deployment's
 * pod spec with the containers the caller gives, {@code restartPolicy: Never}, {@code backoffLimit: 0}, the deadline,
 * the template's labels but the Deployment's selector (its ReplicaSet must not count the pod, its Service must not
 * send it traffic), labelled {@value HopPlan#LABEL_UPGRADE_OF} (prune never deletes them), annotated with what it
 * runs, and named {@code <base>-NN-<10 hex of its content>}. Pure.
 */
final class UpgradeJobs {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private UpgradeJobs() {}

  /** The Deployment {@code name} among the release's {@code objects}, if it has one. */
  static Optional<GenericKubernetesResource> deployment(List<GenericKubernetesResource> objects, String name) {
    return objects.stream().filter(o -> "Deployment".equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst();
  }

  /** A copy of {@code deployment}'s pod spec, to change. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> podSpec(GenericKubernetesResource deployment) {
    Map<String, Object> spec = (Map<String, Object>) deployment.getAdditionalProperties().get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    return SERIALIZATION.clone((Map<String, Object>) template.get("spec"));
  }

  /** The first container of {@code podSpec}: the one Tutor's {@code kubectl exec} runs in, a database's server. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> firstContainer(Map<String, Object> podSpec) {
    return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
  }

  /**
   * The Job, named.
   *
   * @param podSpec {@code deployment}'s pod spec as the Job runs it (its containers set), changed in place
   * @param base the name's beginning, e.g. {@code mongodb-hop}
   * @param annotation the annotation saying what the Job runs, and its value
   */
  @SuppressWarnings("unchecked")
  static GenericKubernetesResource job(GenericKubernetesResource deployment, Map<String, Object> podSpec, String base,
      int order, String annotation, String value, String platform, Duration deadline) {
    Map<String, Object> spec = (Map<String, Object>) deployment.getAdditionalProperties().get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    podSpec.put("restartPolicy", "Never");
    Map<String, String> podLabels = new LinkedHashMap<>();
    Map<String, Object> templateMetadata = (Map<String, Object>) template.getOrDefault("metadata", Map.of());
    Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.getOrDefault("selector", Map.of()))
        .getOrDefault("matchLabels", Map.of());
    ((Map<String, String>) templateMetadata.getOrDefault("labels", Map.of())).forEach((k, v) -> {
      if (!selector.containsKey(k)) {
        podLabels.put(k, v);
      }
    });
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY);
    labels.put(HopPlan.LABEL_UPGRADE_OF, platform);
    Map<String, Object> jobSpec = new LinkedHashMap<>();
    jobSpec.put("backoffLimit", 0);
    jobSpec.put("ttlSecondsAfterFinished", 3600);
    jobSpec.put("activeDeadlineSeconds", deadline.toSeconds());
    Map<String, Object> podTemplate = new LinkedHashMap<>();
    podTemplate.put("metadata", new LinkedHashMap<>(Map.of("labels", podLabels)));
    podTemplate.put("spec", podSpec);
    jobSpec.put("template", podTemplate);
    GenericKubernetesResource job = new GenericKubernetesResource();
    job.setApiVersion("batch/v1");
    job.setKind("Job");
    job.setMetadata(new ObjectMetaBuilder()
        .withNamespace(deployment.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(new LinkedHashMap<>(Map.of(annotation, value)))
        .build());
    job.setAdditionalProperty("spec", jobSpec);
    String jobName = InitJobs.name(base, order, ObjectDigest.of(job));
    job.getMetadata().setName(jobName);
    labels.put("app.kubernetes.io/name", jobName);
    podLabels.put("app.kubernetes.io/name", jobName);
    return job;
  }
}
