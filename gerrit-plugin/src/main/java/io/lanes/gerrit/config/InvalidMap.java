package io.lanes.gerrit.config;

import io.lanes.core.config.ConfigProblem;
import io.lanes.core.config.LanesConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message Lanes gives while {@code lanes.config} in {@code refs/meta/config} is invalid, and how one problem of
 * the map reads, in one place: the push refusal, the {@code Lanes-Deploy} reasons, the refusal at merge and the REST
 * conflict all name the file and list each problem with its dotted key.
 */
public final class InvalidMap {
  private static final String IN_META_CONFIG = LanesConfig.FILE_NAME + " in refs/meta/config is invalid";

  private InvalidMap() {}

  /**
   * One problem of the map as a message line, {@code lanes.config: <dotted key>: <message>}; a problem of the file
   * as a whole already names it ({@code lanes.config: too large: ...}).
   */
  public static String line(ConfigProblem problem) {
    return problem.key().equals(LanesConfig.FILE_NAME) ? problem.toString() : LanesConfig.FILE_NAME + ": " + problem;
  }

  /** {@link #line} of each problem, in order. */
  public static List<String> lines(List<ConfigProblem> problems) {
    return problems.stream().map(InvalidMap::line).toList();
  }

  /** The one-line refusal of an update of a platform branch: {@code action} is "pushing" or "submitting". */
  public static String refusal(String action) {
    return IN_META_CONFIG + ": fix it before " + action + " to platform branches";
  }

  /** The refusal of a merge into a platform branch, then each problem by its dotted key, one per line. */
  public static String mergeRefusal(List<ConfigProblem> problems) {
    return refusal("submitting") + ":\n" + keyed(problems);
  }

  /** The reasons {@code Lanes-Deploy} is unsatisfied: the file, then {@link #line} of each problem. */
  public static List<String> gateReasons(List<ConfigProblem> problems) {
    List<String> reasons = new ArrayList<>();
    reasons.add(IN_META_CONFIG + ": fix it first");
    reasons.addAll(lines(problems));
    return reasons;
  }

  /** The body of a REST API {@code 409 Conflict}: the file, then each problem by its dotted key, one per line. */
  public static String conflict(List<ConfigProblem> problems) {
    return LanesConfig.FILE_NAME + " is invalid:\n" + keyed(problems);
  }

  private static String keyed(List<ConfigProblem> problems) {
    return String.join("\n", problems.stream().map(ConfigProblem::toString).toList());
  }
}
