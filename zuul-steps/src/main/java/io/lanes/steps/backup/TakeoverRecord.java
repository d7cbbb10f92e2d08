package io.lanes.steps.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BucketJson;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a platform's takeover got, kept in its bucket ({@code <platform>/takeover.json}) so that a takeover re-run
 * after a failure resumes it: the same backup and time, the databases it restored part of restored again, a finished
 * restore not repeated. A takeover whose deploy finished is done: the next one starts afresh.
 *
 * <p>{@code status} shows it ({@code takeover:}): the fields after {@code updated} are there for it, and are absent
 * from a record an older Lanes wrote.
 *
 * @param backup the backup restored
 * @param toTime the time the binlogs are replayed up to, or {@code null} without binlogs
 * @param stopAt where their replay stops ({@code mariadb-binlog --stop-datetime}), or {@code null} without binlogs
 * @param state {@value #RESTORING}, {@value #RESTORED} or {@value #DEPLOYED}
 * @param updated when the state was written
 * @param started when the takeover's first attempt began (a resumed takeover keeps it)
 * @param recoveryPoint what the restored data is consistent to
 * @param cluster the DR cluster it deploys to, as the map names it
 * @param namespace the namespace it deploys to
 * @param rtoSeconds the RTO the finishing run reported (its own time, plan to deploy), once {@value #DEPLOYED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TakeoverRecord(
    String backup, Instant toTime, Instant stopAt, String state, Instant updated, Instant started,
    Instant recoveryPoint, String cluster, String namespace, Double rtoSeconds) {
  /** The restore began: the DR databases may hold part of the backup. */
  public static final String RESTORING = "restoring";
  /** The restore finished; the deploy has not. */
  public static final String RESTORED = "restored";
  /** The takeover finished. */
  public static final String DEPLOYED = "deployed";


  /** Where the record of {@code platform}'s takeover is kept. */
  public static String key(String platform) {
    return BackupLayout.platformPrefix(platform) + "takeover.json";
  }

  /** Whether a re-run resumes this takeover (its deploy has not finished). */
  public boolean unfinished() {
    return !DEPLOYED.equals(state);
  }

  /** The record of {@code platform}'s takeover in {@code store}, empty without one; see {@link #parse}. */
  static Optional<TakeoverRecord> read(io.lanes.steps.objectstore.ObjectStore store, String platform) {
    String key = key(platform);
    return parse(key, store.exists(key) ? store.readText(key) : null);
  }

  byte[] toJson() {
    return BucketJson.write(this);
  }

  /** The record at {@code key}'s text, empty without one; one that does not parse fails naming it. */
  public static Optional<TakeoverRecord> parse(String key, String json) {
    if (json == null) {
      return Optional.empty();
    }
    TakeoverRecord record;
    try {
      record = BucketJson.read(key, json, TakeoverRecord.class);
    } catch (IllegalArgumentException e) {
      throw StepException.failure(e.getMessage() + "; remove it to start afresh", e);
    }
    if (record.backup() == null || record.state() == null) {
      throw StepException.failure(key + ": not a takeover record (backup or state missing); remove it to start afresh", null);
    }
    return Optional.of(record);
  }
}
