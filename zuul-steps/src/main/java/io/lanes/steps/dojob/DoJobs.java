package io.lanes.steps.dojob;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.tutor.DoTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Job of one task of a {@code do} job from Tutor's Job template the way deploy builds an init task's
 * ({@link InitJobs#inject}: Tutor's {@code sh -e -c <script>}, {@code backoffLimit: 1}, the deadline), named
 * {@code <service>-job-do-<NN>-<10 hex of its content>} and labelled {@code lanes.io/do-of: <platform>} (never the
 * prune labels). When the job was given a secret value (createuser's password), the script, which holds it, goes into
 * a Secret of the Job's name, and the Job runs {@code sh -e -c 'eval "$LANES_DO_SCRIPT"'} with that variable from the
 * Secret: the Job object never holds the value. Pure.
 */
public final class DoJobs {
  /** The label a {@code do} task's Job, Secret and the run's record carry, valued with the platform's name. */
  public static final String LABEL_DO_OF = "lanes.io/do-of";

  /** The annotation naming the {@code do} job a Job runs a task of. */
  public static final String ANNOTATION_JOB = "lanes.io/do-job";

  /** The annotation saying which task of the job: {@code <order> <service>}. */
  public static final String ANNOTATION_TASK = "lanes.io/do-task";

  /** The variable that carries a secret-holding script into the Job's container. */
  public static final String SCRIPT_VARIABLE = "LANES_DO_SCRIPT";

  private DoJobs() {}

  /**
   * A task's Job, and the Secret it reads its script from when the script holds a secret value.
   *
   * @param job the Job to create
   * @param secret the Secret to create before it (and delete after), when {@code secretScript}
   */
  public record Built(GenericKubernetesResource job, Optional<Secret> secret) {}

  /**
   * @param secretScript whether the script holds a secret value: then it goes through a Secret
   */
  @SuppressWarnings("unchecked")
  public static Built build(
      GenericKubernetesResource template, DoTask task, String doJob, String platform, Duration deadline,
      boolean secretScript) {
    String script = secretScript ? "eval \"$" + SCRIPT_VARIABLE + "\"" : task.script();
    GenericKubernetesResource job = InitJobs.inject(template, script, deadline);
    job.getMetadata().getLabels().put(LABEL_DO_OF, platform);
    job.getMetadata().getAnnotations().put(ANNOTATION_JOB, doJob);
    String key = ObjectDigest.of(job);
    String name = InitJobs.name(task.templateJob() + "-do", task.order(), key);
    if (secretScript) {
      // The key leaves out the script (the secret): it is the same for every run of this job in this service.
      Map<String, Object> spec = (Map<String, Object>) job.getAdditionalProperties().get("spec");
      Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
      Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
      List<Object> env = new ArrayList<>(container.get("env") instanceof List<?> l ? l : List.of());
      env.add(Map.of("name", SCRIPT_VARIABLE, "valueFrom", Map.of("secretKeyRef", Map.of("name", name, "key", "script"))));
      container.put("env", env);
    }
    job.getMetadata().setName(name);
    job.getMetadata().getLabels().put("app.kubernetes.io/name", name);
    job.getMetadata().getAnnotations().put(ANNOTATION_TASK, task.order() + " " + task.service());
    Optional<Secret> secret = Optional.empty();
    if (secretScript) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY);
      labels.put(LABEL_DO_OF, platform);
      secret = Optional.of(new SecretBuilder()
          .withNewMetadata().withName(name).withNamespace(job.getMetadata().getNamespace()).withLabels(labels)
          .addToAnnotations(ANNOTATION_JOB, doJob).endMetadata()
          .withType("Opaque")
          .addToStringData("script", task.script())
          .build());
    }
    return new Built(job, secret);
  }
}
