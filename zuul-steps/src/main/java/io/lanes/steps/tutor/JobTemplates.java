package io.lanes.steps.tutor;

import java.util.Map;

/**
 * Tutor's Job templates ({@code k8s/jobs.yml}: {@code lms-job}, {@code cms-job}, {@code mysql-job}, and those plugins
 * add): Jobs labelled {@code app.kubernetes.io/component: job}, whose command Tutor fills in with a task's script at
 * run time. In a Tutor project they are never applied as they are: deploy runs each init task as a Job built from its
 * template, and render shows them as templates, not as objects to add.
 */
public final class JobTemplates {
  /** The label Tutor marks its Job templates with. */
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";

  private JobTemplates() {}

  /** Whether an object of {@code kind} with {@code labels} (may be null) is one of Tutor's Job templates. */
  public static boolean is(String kind, Map<String, String> labels) {
    return "Job".equals(kind) && labels != null && "job".equals(labels.get(LABEL_COMPONENT));
  }
}
