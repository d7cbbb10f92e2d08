package io.lanes.steps.tutor;

/**
 * One task a Tutor {@code do} job yields, rendered as Tutor renders it ({@code BaseTaskRunner.run_task_from_str}):
 * what {@code tutor k8s do} runs as {@code sh -e -c <script>} in the Job {@code <service>-job}.
 *
 * @param order its place among the job's tasks, from 1
 * @param service the service whose Job template it runs in
 * @param script the rendered script (it may hold a secret argument's value, e.g. createuser's password)
 * @param scriptSha256 the script's SHA-256, hex
 */
public record DoTask(int order, String service, String script, String scriptSha256) {

  /** The Job of the env's {@code k8s/jobs.yml} the task runs in: {@code <service>-job}. */
  public String templateJob() {
    return service + "-job";
  }

  /** This task as an {@link InitTask} of the job (its app is the job's name): the shape the Job builder takes. */
  public InitTask asTask(String job) {
    return new InitTask(order, job, service, script, scriptSha256);
  }
}
