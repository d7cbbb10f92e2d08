package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeErrors;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one Tutor task's Job to completion, the way deploy runs its init tasks and {@code do} runs a job's tasks:
 * creates it (a finished Job of the same name, left by an earlier run of exactly this task, is deleted first: it runs
 * again, as Tutor would), then waits for it to succeed within its deadline, polling at least every
 * {@link Deployer#INIT_TASK_POLL}. A failed Job or a passed deadline is a failure (exit 1) naming the task, with the
 * Job's last log lines.
 */
public final class TaskJobRunner {
  private final KubernetesClient client;
  private final String namespace;
  private final Duration taskDeadline;
  private final RolloutWaiter waiter;

  /**
   * @param taskDeadline one task's deadline (its Job's {@code activeDeadlineSeconds})
   * @param deadline when the whole run must end
   * @param poll how often the step polls; a task's Job is polled at least every {@link Deployer#INIT_TASK_POLL}
   */
  public TaskJobRunner(
      KubernetesClient client, String namespace, Clock clock, Duration taskDeadline, Instant deadline, Duration poll,
      PrintWriter log) {
    this.client = client;
    this.namespace = namespace;
    this.taskDeadline = taskDeadline;
    // Tasks run one after the other, so each poll's delay adds up.
    Duration taskPoll = poll.compareTo(Deployer.INIT_TASK_POLL) < 0 ? poll : Deployer.INIT_TASK_POLL;
    this.waiter = new RolloutWaiter(client, clock, taskDeadline, deadline, taskPoll, log);
  }

  /**
   * Creates {@code job} and waits for it to complete.
   *
   * @param task how the task is named in errors, e.g. {@code init task 3 (meilisearch, in lms-job)}
   * @throws StepException exit 1 naming the task when the Job cannot be created, fails or outlives its deadline
   */
  public void run(String task, GenericKubernetesResource job) {
    run(task, job, created -> {});
  }

  /**
   * Creates {@code job}, hands the created Job (with its uid) to {@code created}, then waits for it to complete.
   *
   * @param created called once the Job exists, before the wait (do makes its Secret owned by the Job there)
   */
  public void run(String task, GenericKubernetesResource job, Consumer<GenericKubernetesResource> created) {
    ObjectRef ref = ObjectRef.of(job);
    try {
      if (client.resource(job).get() != null) {
        client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.resource(job).waitUntilCondition(Objects::isNull, taskDeadline.toSeconds(), TimeUnit.SECONDS);
      }
      created.accept(client.resource(job).create());
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          task + ": cannot create " + ref.id() + " in namespace " + namespace + ": " + KubeErrors.reason(e), e);
    }
    try {
      waiter.await(Phase.INIT_JOBS, List.of(job));
    } catch (StepException e) {
      throw StepException.failure(task + ": " + e.getMessage(), e);
    }
  }
}
