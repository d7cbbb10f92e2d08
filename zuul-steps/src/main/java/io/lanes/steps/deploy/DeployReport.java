package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link DeployOutcome} as the {@code --result} file's {@code lanes.deploy} (or {@code lanes.rollback}) map. Pure. */
public final class DeployReport {
  private DeployReport() {}

  public static Map<String, Object> of(String platform, String namespace, DeployOutcome outcome) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("platform", platform);
    report.put("namespace", namespace);
    report.put("outcome", outcome.failure().isPresent() ? "failed" : outcome.noChanges() ? "no changes" : "deployed");
    outcome.release().ifPresent(r -> report.put("release", release(r)));
    report.put("recorded", outcome.recorded());
    report.put("counts", PhaseApplier.counts(outcome.changes()));
    List<Map<String, Object>> changes = new ArrayList<>();
    for (ObjectChange change : outcome.changes()) {
      if (change.action() != ObjectChange.Action.UNCHANGED) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("object", change.ref().id());
        entry.put("change", change.action().word());
        if (change.phase() != null) {
          entry.put("phase", change.phase().word());
        }
        changes.add(entry);
      }
    }
    report.put("changes", changes);
    report.put("durations_ms", outcome.durations());
    outcome.failure().ifPresent(f -> report.put("failure", f));
    if (outcome.failure().isPresent()) {
      // what the failed release wrote before it stopped (the rollback's applies are not in changes)
      report.put(
          "applied_before_failure",
          outcome.changes().stream()
              .filter(c -> c.action() != ObjectChange.Action.UNCHANGED)
              .map(c -> Map.of("object", c.ref().id(), "change", c.action().word()))
              .toList());
    }
    outcome.rollback().ifPresent(r -> report.put("rollback", r));
    report.put("warnings", outcome.warnings());
    return report;
  }

  static Map<String, Object> release(ReleaseRecord record) {
    Map<String, Object> release = new LinkedHashMap<>();
    release.put("number", record.number());
    release.put("record", "ConfigMap/" + record.name());
    release.put("commit", record.commit());
    record.change().ifPresent(c -> release.put("change", c));
    record.patchset().ifPresent(p -> release.put("patchset", p));
    release.put("image_tag", record.imageTag());
    release.put("images", record.images());
    release.put("manifest_digest", record.manifestDigest());
    release.put("objects", record.objects().size());
    release.put("time", record.time().toString());
    release.put("by", record.by());
    return release;
  }

  /** The one-line summary on stdout. */
  /** The data for {@code zuul_return}: the warnings, when there are any. */
  public static Map<String, Object> zuul(List<String> warnings) {
    Map<String, Object> zuul = new LinkedHashMap<>();
    if (!warnings.isEmpty()) {
      zuul.put("warnings", warnings);
    }
    return zuul;
  }

  public static String summary(String verb, DeployOutcome outcome) {
    Map<String, Integer> counts = PhaseApplier.counts(outcome.changes());
    String release = outcome.release().map(r -> "release " + r.number() + " (commit " + r.commit() + ")").orElse("no release");
    if (outcome.noChanges()) {
      return verb + ": no changes: " + release + " is live";
    }
    return verb + ": " + release + ": " + counts.get("created") + " created, " + counts.get("updated") + " updated, "
        + counts.get("replaced") + " replaced, " + counts.get("unchanged") + " unchanged, " + counts.get("pruned")
        + " pruned";
  }
}
