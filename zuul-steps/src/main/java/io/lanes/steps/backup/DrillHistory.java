package io.lanes.steps.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drills of one platform, kept in its bucket beside its backups: {@code <platform>/drills/history.json}, a JSON
 * array of the last {@value #KEPT} drills, oldest first, each {@code {time, backup, passed, checked, mismatched,
 * rpo_seconds, rto_seconds}}. {@code drill} appends to it (the periodic pipeline runs one drill per platform at a
 * time); {@code status} shows its last entry. The folder {@code drills/} is no backup id, so the backup catalog and
 * retention pass it by.
 */
public final class DrillHistory {
  /** How many drills are kept. */
  static final int KEPT = 100;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TypeReference<List<Map<String, Object>>> ENTRIES = new TypeReference<>() {};

  private DrillHistory() {}

  /** Where {@code platform}'s history is stored. */
  public static String key(String platform) {
    return BackupLayout.platformPrefix(platform) + "drills/history.json";
  }

  /** The entry {@code drill} appends for {@code report}. */
  static Map<String, Object> entry(DrillReport report) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("time", report.drillAt().toString());
    entry.put("backup", report.backup());
    entry.put("passed", report.passed());
    entry.put("checked", report.checked());
    entry.put("mismatched", report.mismatches().size());
    entry.put("rpo_seconds", report.rpo().toSeconds());
    entry.put("rto_seconds", report.rto().toMillis() / 1000.0);
    if (report.binlogs() != null) {
      entry.put("binlog_rpo_seconds", report.binlogs().rpo().toSeconds());
    }
    return entry;
  }

  /** {@code history} with {@code entry} appended, the oldest dropped beyond {@value #KEPT}. Pure. */
  static List<Map<String, Object>> appended(List<Map<String, Object>> history, Map<String, Object> entry) {
    List<Map<String, Object>> all = new ArrayList<>(history);
    all.add(entry);
    return List.copyOf(all.subList(Math.max(0, all.size() - KEPT), all.size()));
  }

  /** Appends {@code report} to {@code platform}'s history in {@code store}; returns the history it now holds. */
  static List<Map<String, Object>> append(ObjectStore store, String platform, DrillReport report) {
    List<Map<String, Object>> history = appended(read(store, platform), entry(report));
    try {
      store.put(key(platform), JSON.writeValueAsBytes(history), "application/json");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a drill history", e);
    }
    return history;
  }

  /** Every drill recorded for {@code platform}, oldest first; empty when there is no history (or it is not JSON). */
  public static List<Map<String, Object>> read(ObjectStore store, String platform) {
    String text = store.readText(key(platform));
    if (text == null) {
      return List.of();
    }
    try {
      return JSON.readValue(text, ENTRIES);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The last drill recorded for {@code platform}, if any. */
  public static Optional<Map<String, Object>> last(ObjectStore store, String platform) {
    List<Map<String, Object>> history = read(store, platform);
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }

  /** One line for people: passed or failed, when, which backup, RPO, RTO. */
  public static String line(Map<String, Object> entry) {
    return (Boolean.TRUE.equals(entry.get("passed")) ? "passed" : "FAILED") + " at " + entry.get("time")
        + " on backup " + entry.get("backup") + ", RPO " + entry.get("rpo_seconds") + " s, RTO " + entry.get("rto_seconds")
        + " s, " + entry.get("mismatched") + " of " + entry.get("checked") + " counts mismatched";
  }
}
