package io.lanes.steps.status;

import io.lanes.steps.backup.TakeoverRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code status} shows of a platform's takeover, from the record {@code takeover} keeps in the bucket
 * ({@link TakeoverRecord}): none, one in progress (or stopped by a failure: the record cannot tell, a re-run resumes
 * it), or one done. Pure.
 *
 * @param line the text after {@code takeover:}
 * @param result the data under {@code takeover} in the result ({@code null} when there is no record)
 */
public record TakeoverState(String line, Map<String, Object> result) {
  /** The line for a platform whose bucket holds no takeover record. */
  static final String NONE = "none recorded";

  /** The state of {@code record} at {@code now}. */
  static TakeoverState of(Optional<TakeoverRecord> record, Instant now) {
    return record.map(r -> new TakeoverState(line(r, now), result(r))).orElseGet(() -> new TakeoverState(NONE, null));
  }

  /** The record could not be read (not JSON, not a takeover record). */
  static TakeoverState unreadable(String reason) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("state", "unreadable");
    result.put("error", reason);
    return new TakeoverState("cannot read: " + reason, result);
  }

  private static String line(TakeoverRecord r, Instant now) {
    List<String> parts = new ArrayList<>();
    if (r.unfinished()) {
      parts.add("IN PROGRESS (" + r.state() + ": " + meaning(r.state())
          + Optional.ofNullable(r.updated()).map(u -> ", written " + second(u) + ", " + ago(u, now)).orElse("") + ")");
    } else {
      parts.add("done " + Optional.ofNullable(r.updated()).map(u -> second(u) + " (" + ago(u, now) + ")").orElse("")
          .strip());
    }
    Optional.ofNullable(r.started()).ifPresent(s -> parts.add("started " + second(s)));
    parts.add("backup " + r.backup());
    Optional.ofNullable(r.recoveryPoint()).or(() -> Optional.ofNullable(r.toTime()))
        .ifPresent(p -> parts.add("recovery point " + p));
    Optional.ofNullable(r.rtoSeconds()).ifPresent(s -> parts.add(String.format(Locale.ROOT, "RTO %.1f s", s)));
    if (r.cluster() != null && r.namespace() != null) {
      parts.add("into namespace " + r.namespace() + " on cluster " + r.cluster());
    }
    String line = String.join(", ", parts);
    return r.unfinished() ? line + "; running now, or stopped by a failure: takeover --confirm resumes it" : line;
  }

  private static String meaning(String state) {
    return switch (state) {
      case TakeoverRecord.RESTORING -> "the restore began";
      case TakeoverRecord.RESTORED -> "restored, not yet deployed";
      default -> "unknown state";
    };
  }

  private static String second(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String ago(Instant then, Instant now) {
    long minutes = Math.max(0, Duration.between(then, now).toMinutes());
    return minutes < 120 ? minutes + " min ago" : minutes / 60 + " h ago";
  }

  private static Map<String, Object> result(TakeoverRecord r) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("state", r.state());
    result.put("finished", !r.unfinished());
    result.put("backup", r.backup());
    put(result, "started", r.started());
    put(result, "updated", r.updated());
    put(result, "to_time", r.toTime());
    put(result, "recovery_point", r.recoveryPoint());
    if (r.rtoSeconds() != null) {
      result.put("rto_seconds", r.rtoSeconds());
    }
    if (r.cluster() != null) {
      result.put("cluster", r.cluster());
    }
    if (r.namespace() != null) {
      result.put("namespace", r.namespace());
    }
    return result;
  }

  private static void put(Map<String, Object> result, String key, Instant value) {
    if (value != null) {
      result.put(key, value.toString());
    }
  }
}
