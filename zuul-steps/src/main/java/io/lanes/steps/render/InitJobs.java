package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.JobTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Jobs of a Tutor platform's init tasks the way {@code tutor k8s do init} does (Tutor 22's
 * {@code K8sTaskRunner.run_task}), from the env's own Job templates after render's lane rewrite: the Job
 * {@code <service>-job}, its first container's {@code args} set to {@code sh -e -c <script>} (or, where the template
 * says {@code command: []} to bypass the image's entrypoint, {@code command: [sh, -e, -c]} and {@code args:
 * [<script>]}), {@code backoffLimit: 1}, {@code ttlSecondsAfterFinished: 3600}. Lanes adds a deadline
 * ({@code activeDeadlineSeconds}: Tutor polls forever), a name that says the task and its content, and its own
 * labels. Pure.
 */
public final class InitJobs {
  /** The label Tutor's {@code k8s/jobs.yml} puts on its Job templates; {@code tutor k8s start} skips them. */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  /** The label a task's Job carries instead of {@code lanes.io/platform}, so prune never deletes a task's Job. */
  public static final String LABEL_INIT_OF = "lanes.io/init-of";

  /** The annotation saying which task a Job runs: {@code <order> <app>}. */
  public static final String ANNOTATION_TASK = "lanes.io/init-task";

  /** The annotation holding the task's {@link InitJob#key()}. */
  public static final String ANNOTATION_KEY = "lanes.io/init-key";

  /**
   * How long a task's Job may run ({@code activeDeadlineSeconds}) when deploy is not told otherwise: the default of
   * its {@code --rollout-timeout}, in seconds. Part of each task's key: render computes the keys with it.
   */
  public static final String DEFAULT_DEADLINE_SECONDS = "600";

  /** {@link #DEFAULT_DEADLINE_SECONDS} as a duration. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(Long.parseLong(DEFAULT_DEADLINE_SECONDS));

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private InitJobs() {}

  /** Whether {@code object} is one of Tutor's Job templates (a Job labelled {@code app.kubernetes.io/component: job}). */
  public static boolean isTemplate(GenericKubernetesResource object) {
    return JobTemplates.is(object.getKind(), object.getMetadata().getLabels());
  }

  /**
   * The Jobs of {@code tasks}, in their order, each from the template {@code <service>-job} among {@code objects}.
   *
   * @param deadline each task's deadline ({@code activeDeadlineSeconds})
   * @throws StepException exit 2 naming the task when the env defines no Job template for its service
   */
  public static List<InitJob> build(
      List<GenericKubernetesResource> objects, List<InitTask> tasks, String platform, Duration deadline) {
    Map<String, GenericKubernetesResource> templates = templates(objects);
    List<InitJob> jobs = new ArrayList<>();
    for (InitTask task : tasks) {
      GenericKubernetesResource template = templates.get(task.templateJob());
      if (template == null) {
        throw StepException.configuration(
            task.describe() + ": the env defines no Job " + task.templateJob() + " (k8s/jobs.yml) to run it in; templates: "
                + (templates.isEmpty() ? "none" : String.join(", ", templates.keySet())));
      }
      jobs.add(build(template, task, platform, deadline));
    }
    return List.copyOf(jobs);
  }

  /** The Job templates among {@code objects}, by name. */
  public static Map<String, GenericKubernetesResource> templates(List<GenericKubernetesResource> objects) {
    Map<String, GenericKubernetesResource> templates = new LinkedHashMap<>();
    for (GenericKubernetesResource object : objects) {
      if (isTemplate(object)) {
        templates.put(object.getMetadata().getName(), object);
      }
    }
    return templates;
  }

  static InitJob build(GenericKubernetesResource template, InitTask task, String platform, Duration deadline) {
    GenericKubernetesResource job = inject(template, task.script(), deadline);
    Map<String, String> labels = job.getMetadata().getLabels();
    labels.put(LABEL_INIT_OF, platform);
    String key = ObjectDigest.of(job);
    String name = name(task.templateJob(), task.order(), key);
    job.getMetadata().setName(name);
    labels.put("app.kubernetes.io/name", name);
    job.getMetadata().getAnnotations().put(ANNOTATION_TASK, task.order() + " " + task.app());
    job.getMetadata().getAnnotations().put(ANNOTATION_KEY, key);
    return new InitJob(task, job, key);
  }

  /**
   * A copy of Tutor's Job {@code template} that runs {@code script} the way Tutor's {@code K8sTaskRunner.run_task}
   * does ({@code sh -e -c <script>}, {@code backoffLimit: 1}, {@code ttlSecondsAfterFinished: 3600}) with the deadline
   * {@code activeDeadlineSeconds}, without the lane's prune labels ({@code lanes.io/platform}, revision) and digest
   * annotation: the caller names and labels it. Pure.
   */
  @SuppressWarnings("unchecked")
  public static GenericKubernetesResource inject(GenericKubernetesResource template, String script, Duration deadline) {
    GenericKubernetesResource job = SERIALIZATION.clone(template);
    Map<String, Object> spec = (Map<String, Object>) job.getAdditionalProperties().get("spec");
    Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
    Map<String, Object> container = containers.get(0);
    List<String> shell = List.of("sh", "-e", "-c");
    Object command = container.get("command");
    if (command instanceof List<?> list && list.isEmpty()) {
      container.put("command", shell);
      container.put("args", List.of(script));
    } else {
      List<String> args = new ArrayList<>(shell);
      args.add(script);
      container.put("args", args);
    }
    spec.put("backoffLimit", 1);
    spec.put("ttlSecondsAfterFinished", 3600);
    spec.put("activeDeadlineSeconds", deadline.toSeconds());
    Map<String, String> labels = new LinkedHashMap<>(job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels());
    labels.remove(LaneNames.LABEL_PLATFORM);
    labels.remove(LaneNames.LABEL_REVISION);
    job.getMetadata().setLabels(labels);
    Map<String, String> annotations =
        new LinkedHashMap<>(job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations());
    annotations.remove(ObjectDigest.ANNOTATION);
    job.getMetadata().setAnnotations(annotations);
    return job;
  }

  /** {@code <service>-job-<order>-<10 hex of the key>} for an init task. */
  static String name(InitTask task, String key) {
    return name(task.templateJob(), task.order(), key);
  }

  /** {@code <base>-<order>-<10 hex of the key>}, at most 63 characters (a Job's name is a label value). */
  public static String name(String base, int order, String key) {
    String suffix = String.format(java.util.Locale.ROOT, "-%02d-%s", order, key.substring("sha256:".length(), "sha256:".length() + 10));
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length()).replaceAll("-+$", "");
    }
    return base + suffix;
  }
}
