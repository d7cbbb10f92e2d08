package io.lanes.steps.backup;

import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code restore}'s work, from the backup chosen to the databases written: the backup (by id, the newest, or the
 * newest dumped before {@code --to-time} with the binlog segments up to it), the targets checked against what it
 * holds, everything verified before anything is written, then the dumps restored (under a suffix, or into live
 * databases only when asked) and the binlogs replayed. A dry run verifies and decodes everything and writes nothing.
 */
final class RestoreRun {
  /**
   * What to restore.
   *
   * @param id the backup's id; empty: the newest complete one (or the one {@code toTime} picks)
   * @param toTime {@code --to-time}'s value (RFC 3339), or null
   * @param suffix the suffix of the target databases' names, empty for their own names
   * @param dryRun whether to verify only
   */
  record Request(Optional<String> id, String toTime, String suffix, boolean dryRun) {}

  private final ObjectStore store;
  private final String platform;
  private final DecryptionOptions decryption;
  private final Optional<MariaDb> mariaDb;
  private final Optional<String> mongodbUri;
  private final LiveOptions live;
  private final StepContext context;

  RestoreRun(ObjectStore store, String platform, DecryptionOptions decryption, Optional<MariaDb> mariaDb,
      Optional<String> mongodbUri, LiveOptions live, StepContext context) {
    this.store = store;
    this.platform = platform;
    this.decryption = decryption;
    this.mariaDb = mariaDb;
    this.mongodbUri = mongodbUri;
    this.live = live;
    this.context = context;
  }

  /** Restores (or, for a dry run, verifies) what {@code request} asks; the result's {@code restore} object. */
  Map<String, Object> run(Request request) {
    Optional<Instant> target = PointInTime.target(request.toTime(), request.id().orElse(null));
    BackupManifest manifest =
        target.isPresent()
            ? BackupCatalog.chooseBefore(store, platform, target.get())
            : BackupCatalog.choose(store, platform, request.id());
    Optional<BinlogChain.Plan> binlogs =
        target.map(t -> BinlogChain.plan(platform, manifest, BinlogCatalog.segments(
            store, platform, Optional.of(manifest.consistentPoint().binlogFile())), t));
    if (!request.dryRun() || mariaDb.isPresent() || mongodbUri.isPresent()) {
      // A dry run with no target at all verifies the backup only (Zuul's lanes-backup-verify): nothing to check.
      RestorePlan.checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
    }
    Map<String, String> names = Restorer.renamed(manifest, request.suffix());
    Restorer restorer =
        new Restorer(store, manifest, decryption.of(manifest, context.environment(), context.err()), context.err());
    if (binlogs.isPresent() && mariaDb.isEmpty()) {
      throw StepException.configuration("--to-time restores MySQL: give --mysql-host");
    }
    List<String> plan = new ArrayList<>(RestorePlan.lines(manifest, names, mariaDb, mongodbUri.isPresent()));
    binlogs.ifPresent(b -> plan.add(PointInTime.line(manifest, b, target.get())));
    Instant start = Instant.now();
    if (request.dryRun()) {
      verify(restorer, manifest, binlogs, target, names);
      context.out().println("dry run: would restore backup " + manifest.id() + " of platform " + platform + ":");
      plan.forEach(line -> context.out().println("  " + line));
    } else {
      restore(restorer, manifest, binlogs, target, names, request.suffix());
      context.err().printf(
          "restored backup %s of platform %s in %.1f s%n", manifest.id(), platform, seconds(start));
      context.out().println(manifest.id());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("platform", platform);
    result.put("id", manifest.id());
    result.put("dry_run", request.dryRun());
    target.ifPresent(t -> result.put("to_time", t.toString()));
    binlogs.ifPresent(b -> result.put("binlogs_covered_until", b.coveredUntil().toString()));
    result.put("plan", plan);
    result.put("seconds", seconds(start));
    return result;
  }

  /** Every object checked against the manifest, every binlog segment fetched and decoded: nothing written. */
  private void verify(Restorer restorer, BackupManifest manifest, Optional<BinlogChain.Plan> binlogs,
      Optional<Instant> target, Map<String, String> names) {
    restorer.verify();
    if (binlogs.isPresent()) {
      try (PointInTimeRestorer pit = new PointInTimeRestorer(store, platform, binlogs.get(), context.err())) {
        List<Path> files = pit.fetch(decryption.identities(context.environment()));
        if (mariaDb.isPresent()) {
          pit.decode(mariaDb.get(), manifest, files, target.get(), names);
        }
      }
    }
  }

  /** Checks the live targets, verifies everything, then restores the dumps and replays the binlogs. */
  private void restore(Restorer restorer, BackupManifest manifest, Optional<BinlogChain.Plan> binlogs,
      Optional<Instant> target, Map<String, String> names, String suffix) {
    try (MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null)) {
      live.check(manifest, suffix, mariaDb, mongo, context.err());
      restorer.verify();
      try (PointInTimeRestorer pit =
          binlogs.map(b -> new PointInTimeRestorer(store, platform, b, context.err())).orElse(null)) {
        List<Path> decoded = pit == null ? List.of() : pit.decode(mariaDb.get(), manifest,
            pit.fetch(decryption.identities(context.environment())), target.get(), names);
        mariaDb.ifPresent(db -> restorer.restoreMySql(db, names));
        if (pit != null) {
          pit.replay(mariaDb.get(), manifest, decoded, target.get(), names);
        }
      }
      if (mongo != null) {
        restorer.restoreMongoDb(mongo, names);
      }
    }
  }

  private static double seconds(Instant start) {
    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
  }
}
