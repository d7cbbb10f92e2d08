package io.lanes.steps.dojob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.lanes.core.naming.LaneNames;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of a {@code do} job did, recorded in the platform's namespace as a ConfigMap
 * {@code lanes-do-<platform>-<number>} labelled {@code lanes.io/do-of: <platform>}: the job, its arguments as shown
 * (a secret as the file or variable it came from, never its value), the release it ran against, each task's Job and
 * how it ended, when and by whom. Release records stay what deploy applied; a {@code do} run changes data, not
 * objects, so it gets its own record. Pure.
 *
 * @param number the run's number in this namespace, 1, 2, 3...
 * @param platform the platform's name
 * @param job the {@code do} job
 * @param args its arguments as shown
 * @param release the release the namespace was at (its number)
 * @param tasks each task: {@code <NN>-<service> <Job name> <succeeded|failed>}
 * @param result {@code succeeded} or {@code failed}
 * @param time when the run ended
 * @param by who ran it (the lock's holder)
 */
public record DoRecord(
    int number, String platform, String job, List<String> args, int release, List<String> tasks, String result,
    Instant time, String by) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The ConfigMap's name: {@code lanes-do-<platform>-<number>}. */
  public String name() {
    return "lanes-do-" + platform + "-" + number;
  }

  /** The record as a ConfigMap in {@code namespace}. */
  public ConfigMap toConfigMap(String namespace) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("number", Integer.toString(number));
    data.put("job", job);
    try {
      data.put("args", JSON.writeValueAsString(args));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    data.put("release", Integer.toString(release));
    data.put("tasks", tasks.isEmpty() ? "" : String.join("\n", tasks) + "\n");
    data.put("result", result);
    data.put("time", time.toString());
    data.put("by", by);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name())
        .withNamespace(namespace)
        .addToLabels(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
        .addToLabels(DoJobs.LABEL_DO_OF, platform)
        .addToAnnotations(DoJobs.ANNOTATION_JOB, job)
        .endMetadata()
        .withData(data)
        .build();
  }
}
