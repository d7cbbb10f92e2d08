package io.lanes.steps.tutor;

/**
 * One init task as Tutor defines it (its {@code CLI_DO_INIT_TASKS} filter, core and plugins), rendered with the
 * platform's configuration: what {@code tutor k8s init} runs as {@code sh -e -c <script>} in the Job
 * {@code <service>-job} of the env's {@code k8s/jobs.yml}.
 *
 * @param order its place in Tutor's order, from 1
 * @param app the hook context that declared it: a core service (mysql, lms, cms, meilisearch) or a plugin's name
 * @param service the service whose Job template it runs in
 * @param script the rendered script
 * @param scriptSha256 the script's SHA-256, hex
 */
public record InitTask(int order, String app, String service, String script, String scriptSha256) {

  /** The Job of the env's {@code k8s/jobs.yml} the task runs in: {@code <service>-job}, Tutor's convention. */
  public String templateJob() {
    return service + "-job";
  }

  /** How the task is named in logs and errors: {@code init task 3 (meilisearch, in lms-job)}. */
  public String describe() {
    return "init task " + order + " (" + app + ", in " + templateJob() + ")";
  }
}
