package io.lanes.steps.takeover;

import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.backup.TakeoverRestore;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code takeover} says: its plan before, its result and summary after. Pure. */
final class TakeoverReport {
  private TakeoverReport() {}

  /** The plan's lines: what is restored, where it is deployed, the map change left to submit. */
  static List<String> plan(Platform platform, Target dr, TakeoverRestore.Plan plan) {
    List<String> lines = new ArrayList<>(plan.lines());
    lines.add("deploy the checked-out release into namespace " + dr.namespace() + " on cluster " + dr.cluster().name());
    DrTarget.mapChange(platform, dr).ifPresent(c -> lines.add("then submit the map change " + c));
    return lines;
  }

  /** The {@code takeover} object of {@code --result} ({@code docs/result.schema.json}). */
  static Map<String, Object> result(
      Platform platform, Target dr, TakeoverRestore.Plan plan, Duration rto, DeployOutcome outcome) {
    Map<String, Object> result = restored(platform, dr, plan);
    result.put("rto_seconds", rto.toMillis() / 1000.0);
    result.put("deploy", DeployReport.of(platform.name(), dr.namespace(), outcome));
    DrTarget.mapChange(platform, dr).ifPresent(c -> result.put("map_change", c));
    return result;
  }

  /** The {@code takeover_plan} object of {@code --result} with {@code --plan}: what a takeover would do. */
  static Map<String, Object> planResult(Platform platform, Target dr, TakeoverRestore.Plan plan) {
    Map<String, Object> result = restored(platform, dr, plan);
    result.put("segments", plan.segments());
    plan.resumed().ifPresent(r -> result.put("resumed", r));
    DrTarget.mapChange(platform, dr).ifPresent(c -> result.put("map_change", c));
    return result;
  }

  /** What both results begin with: the platform, where it goes, and what is restored into it. */
  private static Map<String, Object> restored(Platform platform, Target dr, TakeoverRestore.Plan plan) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform.name());
    result.put("cluster", dr.cluster().name());
    result.put("namespace", dr.namespace());
    result.put("backup", plan.backup());
    plan.toTime().ifPresent(t -> result.put("to_time", t.toString()));
    result.put("recovery_point", plan.recoveryPoint().toString());
    return result;
  }

  /**
   * The {@code --report}: a Markdown page for people (the Zuul job's artifact). Its heading says what happened:
   * planned only, taken over, or failed (with the failure, and that a re-run resumes); then the plan, then the
   * summary of a takeover that finished.
   *
   * @param plan the plan's lines, empty when the takeover failed before it had one
   * @param summary the summary's lines, empty unless the takeover finished
   * @param failure why the takeover failed, if it did
   */
  static String markdown(String platform, boolean planOnly, List<String> plan, List<String> summary,
      java.util.Optional<String> failure) {
    StringBuilder page = new StringBuilder("# Takeover of " + platform + ": ");
    page.append(failure.isPresent() ? "FAILED" : planOnly ? "plan only, nothing changed" : "taken over").append("\n\n");
    failure.ifPresent(f -> page.append("**").append(f).append("**\n\n")
        .append("Run the takeover again to resume it where it stopped.\n\n"));
    if (!plan.isEmpty()) {
      page.append(planOnly ? "What a takeover would do:\n\n" : "Plan:\n\n");
      plan.forEach(line -> page.append("- ").append(line).append('\n'));
      page.append('\n');
    }
    summary.forEach(line -> page.append(line).append("\n\n"));
    return page.toString();
  }

  /** The summary on stdout: what was restored and deployed, the RTO, and the map change left to submit. */
  static List<String> summary(
      Platform platform, Target dr, TakeoverRestore.Plan plan, Duration rto, DeployOutcome outcome) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "takeover of %s: backup %s restored up to %s, %s; RTO %.1f s",
        platform.name(), plan.backup(), plan.recoveryPoint(), DeployReport.summary("deployed", outcome),
        rto.toMillis() / 1000.0));
    DrTarget.mapChange(platform, dr).ifPresent(c -> lines.add(
        "point the platform at the DR cluster: submit " + c + " in lanes.config (refs/meta/config)"));
    return lines;
  }
}
