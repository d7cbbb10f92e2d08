package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.AgeIdentities;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.backup.format.ObjectDecryption;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One restore drill: the backup restored (into scratch databases, by {@code names}) exactly as {@code restore} would,
 * after the live-target check; then what arrived counted, table by table and collection by collection, for {@link
 * DrillReport}; the scratch databases dropped after unless they are to be kept.
 */
final class Driller {
  /**
   * The binlog check of a platform that ships its binlog.
   *
   * @param limit the longest achievable RPO that passes ({@link DrillBinlogs#limit})
   * @param setting the map key that sets the shipping interval, for the failure line
   * @param identities what opens age-encrypted segments
   */
  record BinlogCheck(Duration limit, String setting, Optional<AgeIdentities> identities) {}

  private final PrintWriter err;
  private final Clock clock;

  Driller(PrintWriter err, Clock clock) {
    this.err = err;
    this.clock = clock;
  }

  /**
   * Restores {@code manifest}'s backup and reports what arrived.
   *
   * @param decryption what opens the backup's objects
   * @param names the target name of each database ({@code openedx -> openedx_drill})
   * @param live the check that refuses to restore over live databases
   * @param suffix the scratch databases' suffix; empty: the databases' own names (then nothing is dropped)
   * @param keepScratch whether the scratch databases stay after the drill
   * @param rpo the recovery point objective the backup's age is held to
   * @param binlogs the binlog check, when the platform ships its binlog
   */
  DrillReport drill(
      ObjectStore store, BackupManifest manifest, ObjectDecryption decryption, Optional<MariaDb> mariaDb,
      Optional<String> mongodbUri, Map<String, String> names, LiveOptions live, String suffix, boolean keepScratch,
      Duration rpo, Optional<BinlogCheck> binlogs) {
    Instant start = clock.instant();
    Restorer restorer = new Restorer(store, manifest, decryption, err);
    Map<String, Long> tables = new LinkedHashMap<>();
    Map<String, Long> collections = new LinkedHashMap<>();
    MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null);
    try {
      live.check(manifest, suffix, mariaDb, mongo, err);
    } catch (RuntimeException e) {
      if (mongo != null) {
        mongo.close();
      }
      throw e;
    }
    try {
      restorer.verify();
      DrillBinlogs binlogVerdict = binlogs.map(check -> checkBinlogs(store, manifest, check)).orElse(null);
      if (mariaDb.isPresent()) {
        restorer.restoreMySql(mariaDb.get(), names);
        if (manifest.mysqlTables() != null) {
          tables = mariaDb.get().countRows(new ArrayList<>(manifest.mysqlTables().keySet()), names);
        }
      }
      if (mongo != null) {
        restorer.restoreMongoDb(mongo, names);
        if (manifest.mongodbCollections() != null) {
          collections = mongo.countDocuments(new ArrayList<>(manifest.mongodbCollections().keySet()), names);
        }
      }
      DrillReport report = DrillReport.of(manifest, tables, collections, start, clock.instant(), rpo);
      return binlogVerdict == null ? report : report.withBinlogs(binlogVerdict);
    } finally {
      if (!keepScratch && !suffix.isEmpty()) {
        dropScratch(mariaDb, mongo, names);
      }
      if (mongo != null) {
        mongo.close();
      }
    }
  }

  /**
   * Follows the chain of binlog segments from {@code base}'s position as {@code restore --to-time} would, and reads
   * every segment of it back against its manifest (size, SHA-256, decrypted and decompressed length), replaying
   * nothing: a hole, a bad segment or a chain that stops too long before now fails the drill, with one line.
   */
  private DrillBinlogs checkBinlogs(ObjectStore store, BackupManifest base, BinlogCheck check) {
    String platform = base.platform();
    BackupManifest.ConsistentPoint point = base.consistentPoint();
    if (point == null || point.binlogFile() == null || point.binlogPosition() == null) {
      return DrillBinlogs.failed(base, clock.instant(), check.limit(), "backup " + base.id() + " recorded no binlog"
          + " position (is the server's log_bin on?): no point-in-time restore can start from it");
    }
    BinlogChain.Reach reach =
        BinlogChain.reach(platform, base, BinlogCatalog.segments(store, platform, Optional.of(point.binlogFile())));
    if (!reach.segments().isEmpty()) {
      BinlogChain.Plan plan = new BinlogChain.Plan(reach.segments(), reach.coveredUntil().orElse(point.mysql()));
      try (PointInTimeRestorer segments = new PointInTimeRestorer(store, platform, plan, err)) {
        segments.fetch(check.identities());
      } catch (StepException e) {
        return DrillBinlogs.failed(base, clock.instant(), check.limit(), e.getMessage());
      }
    }
    DrillBinlogs verdict = DrillBinlogs.of(reach, base, clock.instant(), check.limit(), check.setting());
    err.printf("drill: binlogs %s: %d segments from %s:%d, achievable RPO %d s (limit %d s)%n",
        verdict.passed() ? "ok" : "FAILED", verdict.segments(), point.binlogFile(), point.binlogPosition(),
        verdict.rpo().toSeconds(), verdict.limit().toSeconds());
    return verdict;
  }

  /**
   * Appends the drill to the platform's history in the bucket and returns it; a failure to do so is a warning, not the
   * drill's (the history is then this drill alone).
   */
  List<Map<String, Object>> recordHistory(ObjectStore store, String platform, DrillReport drill) {
    try {
      List<Map<String, Object>> history = DrillHistory.append(store, platform, drill);
      err.printf("drill: recorded in %s (%d drills)%n", DrillHistory.key(platform), history.size());
      return history;
    } catch (StepException e) {
      err.println("warning: drill history not recorded: " + e.getMessage());
      return List.of(DrillHistory.entry(drill));
    }
  }

  private void dropScratch(Optional<MariaDb> mariaDb, MongoDatabases mongo, Map<String, String> names) {
    try {
      if (mariaDb.isPresent() && !names.isEmpty()) {
        StringBuilder sql = new StringBuilder();
        names.values().forEach(n -> sql.append("DROP DATABASE IF EXISTS ").append(MariaDb.quote(n)).append(";\n"));
        mariaDb.get().query(sql.toString());
      }
      if (mongo != null) {
        names.values().forEach(mongo::drop);
      }
      err.println("drill: dropped the scratch databases " + String.join(", ", names.values()));
    } catch (StepException e) {
      err.println("warning: could not drop the scratch databases: " + e.getMessage());
    }
  }
}
