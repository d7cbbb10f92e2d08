package io.lanes.steps.dojob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code do} run did.
 *
 * @param record the run's record, as written
 * @param tasks each task: order, service, its Job's name and how it ended
 * @param failure why it failed, when it did
 */
public record DoOutcome(DoRecord record, List<TaskRun> tasks, Optional<String> failure) {

  /** The run as the {@code --result} file's {@code lanes.do} map. */
  public Map<String, Object> report(
      String platform, String namespace, DoRequest request, int release, List<String> warnings) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("platform", platform);
    report.put("namespace", namespace);
    report.put("job", request.job());
    report.put("args", request.shownArgs());
    report.put("release", release);
    report.put("outcome", failure.isPresent() ? "failed" : "succeeded");
    report.put("record", "ConfigMap/" + record.name());
    List<Map<String, Object>> runs = new ArrayList<>();
    for (TaskRun run : tasks) {
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("order", run.order());
      task.put("service", run.service());
      task.put("job", "Job/" + run.job());
      task.put("result", run.result());
      runs.add(task);
    }
    report.put("tasks", runs);
    failure.ifPresent(f -> report.put("failure", f));
    report.put("warnings", warnings);
    return report;
  }

  /** One task of the run. */
  public record TaskRun(int order, String service, String job, String result) {}
}
