package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.tutor.InitTask;

/**
 * An init task ready to run: the Job built from Tutor's Job template for the task's service with Tutor's script.
 *
 * @param task the task, as Tutor defines it
 * @param job the Job to create
 * @param key {@code sha256:...} of what the task runs (the Job's spec: script, image, env, volumes): a task whose key
 *     a recorded release already holds has run with exactly this content and is not run again
 */
public record InitJob(InitTask task, GenericKubernetesResource job, String key) {

  /** The task's entry in a release record: {@code <order, two digits>-<app>}, e.g. {@code 06-mfe}. */
  public String recordName() {
    return recordName(task);
  }

  /** {@code task}'s entry in a release record: {@code <order, two digits>-<app>}, e.g. {@code 06-mfe}. */
  public static String recordName(InitTask task) {
    return String.format(java.util.Locale.ROOT, "%02d-%s", task.order(), task.app());
  }
}
