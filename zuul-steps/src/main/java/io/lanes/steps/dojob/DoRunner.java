package io.lanes.steps.dojob;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.TaskJobRunner;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.tutor.DoTask;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a Tutor {@code do} job in a platform's namespace: under deploy's lock (Lease {@code lanes-deploy}), so it never
 * runs while a deploy does, each task the job yields (from Tutor, see {@link TasksFromTutor}) as a Job built from the
 * Job template of the release the namespace is at ({@link DoJobs}), one at a time, each within its deadline, with the
 * same mechanics as deploy's init tasks ({@link TaskJobRunner}); then records the run ({@link DoRecord}).
 */
public final class DoRunner {
  /** How many {@code do} records a namespace keeps per platform. */
  static final int KEEP_RECORDS = 20;

  /** Where a job's tasks come from: Tutor runs the job, handing each task to the consumer as it comes. */
  @FunctionalInterface
  public interface TasksFromTutor {
    /** Runs the job, each task through {@code runner}, in order; a {@link StepException} from it stops the job. */
    List<DoTask> run(Consumer<DoTask> runner);
  }

  private final KubernetesClient client;
  private final Target target;
  private final DeploySettings settings;
  private final Clock clock;
  private final PrintWriter log;

  public DoRunner(KubernetesClient client, Target target, DeploySettings settings, Clock clock, PrintWriter log) {
    this.client = client;
    this.target = target;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
  }

  /**
   * @param release the release the namespace is at (the newest record): its Job templates run the tasks
   * @param templates the release's Job templates, lane-rewritten
   * @throws StepException before anything ran (the lock, a usage error Tutor found); a failed task is in the outcome
   */
  public DoOutcome run(
      DoRequest request, ReleaseRecord release, List<GenericKubernetesResource> templates, TasksFromTutor tutor) {
    String namespace = target.namespace();
    String platform = target.platform().name();
    Map<String, GenericKubernetesResource> byName = InitJobs.templates(templates);
    List<DoOutcome.TaskRun> runs = new ArrayList<>();
    Optional<String> failure = Optional.empty();
    try (DeployLock lock = new DeployLock(client, namespace, settings.holder(), settings.lockTtl(), clock, log)) {
      lock.acquire(settings.lockWait(), settings.poll());
      Instant deadline = clock.instant().plus(settings.timeout());
      TaskJobRunner jobs = new TaskJobRunner(client, namespace, clock, settings.rolloutTimeout(), deadline, settings.poll(), log);
      try {
        deleteLeftSecrets();
        tutor.run(task -> {
          lock.check();
          runTask(request, task, byName, jobs, platform, runs);
        });
      } catch (StepException e) {
        if (runs.isEmpty()) {
          lock.release();
          throw e;
        }
        failure = Optional.of(request.redact(e.getMessage()));
      }
      DoRecord record = new DoRecord(
          nextNumber(), platform, request.job(), request.shownArgs(), release.number(),
          runs.stream().map(r -> String.format(java.util.Locale.ROOT, "%02d-%s %s %s", r.order(), r.service(), r.job(), r.result())).toList(),
          failure.isPresent() ? "failed" : "succeeded", clock.instant(), settings.holder());
      write(record);
      log.printf("do: recorded the run as ConfigMap/%s%n", record.name());
      trim();
      lock.release();
      return new DoOutcome(record, List.copyOf(runs), failure);
    }
  }

  private void runTask(
      DoRequest request, DoTask task, Map<String, GenericKubernetesResource> templates, TaskJobRunner jobs, String platform,
      List<DoOutcome.TaskRun> runs) {
    String describe = "do " + request.job() + " task " + task.order() + " (in " + task.templateJob() + ")";
    GenericKubernetesResource template = templates.get(task.templateJob());
    if (template == null) {
      throw StepException.configuration(describe + ": the env defines no Job " + task.templateJob()
          + " (k8s/jobs.yml) to run it in; templates: " + (templates.isEmpty() ? "none" : String.join(", ", templates.keySet())));
    }
    DoJobs.Built built = DoJobs.build(template, task, request.job(), platform, settings.rolloutTimeout(), request.hasSecret());
    String name = built.job().getMetadata().getName();
    log.printf("do: %s: running as Job/%s%n", describe, name);
    log.flush();
    try {
      built.secret().ifPresent(this::createSecret);
      try {
        jobs.run(describe, built.job(), job -> built.secret().ifPresent(secret -> own(secret, job)));
      } finally {
        built.secret().ifPresent(this::deleteSecret);
      }
    } catch (StepException e) {
      runs.add(new DoOutcome.TaskRun(task.order(), task.service(), name, "failed"));
      throw e;
    }
    runs.add(new DoOutcome.TaskRun(task.order(), task.service(), name, "succeeded"));
  }

  private void createSecret(Secret secret) {
    try {
      Secret existing = client.secrets().inNamespace(target.namespace()).withName(secret.getMetadata().getName()).get();
      if (existing != null) {
        client.resource(existing).delete();
      }
      client.secrets().inNamespace(target.namespace()).resource(secret).create();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot create Secret/" + secret.getMetadata().getName() + " in namespace "
          + target.namespace() + ": " + KubeErrors.reason(e), e);
    }
  }

  /**
   * Makes {@code secret} owned by the Job that reads it: when the Job goes (its {@code ttlSecondsAfterFinished}, or
   * a delete), Kubernetes' garbage collector deletes the Secret with it, even when this step was killed before its own
   * delete.
   */
  private void own(Secret secret, GenericKubernetesResource job) {
    String name = secret.getMetadata().getName();
    try {
      client.secrets().inNamespace(target.namespace()).withName(name).edit(s -> {
        s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
            .withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid()).build()));
        return s;
      });
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot make Secret/" + name + " owned by Job/" + job.getMetadata().getName()
          + " in namespace " + target.namespace() + ": " + KubeErrors.reason(e), e);
    }
  }

  /**
   * Deletes the script Secrets a killed run left (labelled {@code lanes.io/do-of: <platform>}): under the lock no task
   * of this platform runs, so every one of them is a leftover.
   */
  private void deleteLeftSecrets() {
    List<Secret> left;
    try {
      left = client.secrets().inNamespace(target.namespace())
          .withLabel(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
          .withLabel(DoJobs.LABEL_DO_OF, target.platform().name()).list().getItems();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot list the do Secrets in namespace " + target.namespace() + ": "
          + KubeErrors.reason(e), e);
    }
    for (Secret secret : left) {
      log.printf("do: deleting Secret/%s, left by a do run that was stopped before it ended%n",
          secret.getMetadata().getName());
      deleteSecret(secret);
    }
  }

  private void deleteSecret(Secret secret) {
    try {
      client.secrets().inNamespace(target.namespace()).withName(secret.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      log.printf("do: warning: cannot delete Secret/%s: %s%n", secret.getMetadata().getName(), KubeErrors.reason(e));
    }
  }

  private List<ConfigMap> records() {
    try {
      return client.configMaps().inNamespace(target.namespace()).withLabel(DoJobs.LABEL_DO_OF, target.platform().name())
          .list().getItems().stream().sorted(Comparator.comparingInt(DoRunner::number)).toList();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot list the do records in namespace " + target.namespace() + ": " + KubeErrors.reason(e), e);
    }
  }

  private static int number(ConfigMap map) {
    try {
      return Integer.parseInt(map.getData() == null ? "0" : map.getData().getOrDefault("number", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private int nextNumber() {
    return records().stream().mapToInt(DoRunner::number).max().orElse(0) + 1;
  }

  private void write(DoRecord record) {
    try {
      client.configMaps().inNamespace(target.namespace()).resource(record.toConfigMap(target.namespace())).create();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot record the do run as ConfigMap/" + record.name() + ": " + KubeErrors.reason(e), e);
    }
  }

  private void trim() {
    List<ConfigMap> all = records();
    for (int i = 0; i < all.size() - KEEP_RECORDS; i++) {
      client.resource(all.get(i)).delete();
    }
  }
}
