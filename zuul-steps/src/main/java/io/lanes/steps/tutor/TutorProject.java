package io.lanes.steps.tutor;

import java.util.List;

/**
 * What Tutor says about a platform's Tutor project, read from Tutor itself by {@link TutorTasks}.
 *
 * @param tutorVersion the Tutor release that read it
 * @param openedxRelease the Open edX release that Tutor release deploys (e.g. {@code verawood})
 * @param plugins the plugins enabled, {@code name version}
 * @param initTasks the init tasks, in Tutor's order
 * @param doJobs the {@code do} jobs (Tutor's and the plugins'), with their parameters
 */
public record TutorProject(
    String tutorVersion, String openedxRelease, List<String> plugins, List<InitTask> initTasks, List<DoJob> doJobs) {

  /** The names of the {@code do} jobs. */
  public List<String> doJobNames() {
    return doJobs.stream().map(DoJob::name).toList();
  }
}
