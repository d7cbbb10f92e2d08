package io.lanes.steps.backup;

import io.lanes.core.config.Target;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.BackupManifest;
import io.lanes.steps.objectstore.ObjectStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data half of {@code takeover}: the platform's newest complete backup (and, when it ships its binlog, the stored
 * binlogs up to the newest second they cover, or up to a given time), verified object by object and segment by
 * segment, then restored into the DR site's databases under their own names, the binlogs replayed. The same engines
 * as {@code restore --to-time} ({@link Restorer}, {@link BinlogChain}, {@link PointInTimeRestorer}); a {@link
 * TakeoverRecord} in the bucket makes a re-run after a failure resume rather than start over.
 */
public final class TakeoverRestore implements AutoCloseable {
  private final ObjectStore store;
  private final String platform;
  private final boolean shipsBinlogs;
  private final DecryptionOptions decryption;
  private final Optional<MariaDb> mariaDb;
  private final Optional<String> mongodbUri;
  private final Map<String, String> environment;
  private final Clock clock;
  private final PrintWriter err;
  private final Target destination;
  private final Instant opened;
  private BackupManifest manifest;
  private Optional<BinlogChain.Plan> binlogs = Optional.empty();
  private PointInTimeRestorer segments;
  private List<Path> decoded = List.of();

  /**
   * What the takeover restores.
   *
   * @param platform the platform
   * @param backup the backup's id
   * @param toTime the time the binlogs are replayed up to, when they are
   * @param stopAt where the replay stops: {@code toTime}, or, up to the newest second covered, the second after it
   *     (every event stored is stamped at or before {@code toTime}'s second)
   * @param recoveryPoint what the restored data is consistent to: the binlogs' coverage, else the dump's point
   * @param segments how many binlog segments are replayed
   * @param resumed the state of the earlier, unfinished takeover this run resumes, if any
   * @param started when the takeover began: this run, or the first attempt of the takeover it resumes
   */
  public record Plan(
      String platform, String backup, Optional<Instant> toTime, Optional<Instant> stopAt, Instant recoveryPoint,
      int segments, Optional<String> resumed, Instant started) {
    /** One line per thing the takeover restores. */
    public List<String> lines() {
      List<String> lines = new ArrayList<>();
      resumed.ifPresent(s -> lines.add("resuming the unfinished takeover of backup " + backup + " (" + s + ")"));
      lines.add("restore backup " + backup + " of platform " + platform + " under the databases' own names");
      toTime.ifPresent(t -> lines.add("replay " + segments + " binlog segments up to " + t));
      lines.add("recovery point: " + recoveryPoint);
      return lines;
    }
  }

  private TakeoverRestore(
      ObjectStore store, String platform, boolean shipsBinlogs, DecryptionOptions decryption, Optional<MariaDb> mariaDb,
      Optional<String> mongodbUri, Map<String, String> environment, Clock clock, PrintWriter err, Target destination) {
    this.store = store;
    this.platform = platform;
    this.shipsBinlogs = shipsBinlogs;
    this.decryption = decryption;
    this.mariaDb = mariaDb;
    this.mongodbUri = mongodbUri;
    this.environment = environment;
    this.clock = clock;
    this.err = err;
    this.destination = destination;
    this.opened = clock.instant();
  }

  /**
   * Opens the platform's bucket as {@code backup} names it, with the DR site's databases {@code databases} name; the
   * takeover deploys to {@code destination} (recorded for {@code status}).
   */
  public static TakeoverRestore open(
      BackupOptions backup, DecryptionOptions decryption, DatabaseOptions databases, Map<String, String> environment,
      Clock clock, PrintWriter err, Target destination) {
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    ObjectStore store = backup.open(resolved.backup(), platform, environment);
    return new TakeoverRestore(store, platform, resolved.backup().shipsBinlogs(), decryption,
        databases.mariaDb(environment), databases.mongodbUri(environment), environment, clock, err, destination);
  }

  /**
   * Chooses what to restore, reading the bucket only: an unfinished takeover's backup and time; else the backup
   * dumped before {@code toTime} with the binlogs up to it; else the newest backup, with the binlogs (when the
   * platform ships them) up to the newest second their chain covers. A hole in that chain fails (exit 1) naming it,
   * with the time up to which a takeover could go.
   *
   * @param time {@code --to-time}'s value (RFC 3339), or {@code null}
   */
  public Plan plan(String time) {
    Optional<Instant> toTime = PointInTime.target(time, null);
    Optional<TakeoverRecord> record = record().filter(TakeoverRecord::unfinished)
        .filter(r -> toTime.isEmpty() || toTime.get().equals(r.toTime()));
    Optional<Instant> replayTo = toTime;
    Optional<Instant> stopAt = toTime;
    if (record.isPresent()) {
      try {
        manifest = BackupCatalog.choose(store, platform, Optional.of(record.get().backup()));
      } catch (StepException e) {
        String message = e.getMessage() + " (the unfinished takeover recorded in " + TakeoverRecord.key(platform)
            + " names it: remove that object to start a takeover afresh)";
        throw switch (e.exitCode()) {
          case io.lanes.steps.ExitCodes.USAGE -> StepException.configuration(message, e);
          case io.lanes.steps.ExitCodes.POLICY -> StepException.policy(message);
          default -> StepException.failure(message, e);
        };
      }
      replayTo = Optional.ofNullable(record.get().toTime());
      stopAt = Optional.ofNullable(record.get().stopAt()).or(() -> Optional.ofNullable(record.get().toTime()));
    } else if (toTime.isPresent()) {
      manifest = BackupCatalog.chooseBefore(store, platform, toTime.get());
    } else {
      manifest = BackupCatalog.choose(store, platform, Optional.empty());
      replayTo = shipsBinlogs ? newestCovered() : Optional.empty();
      stopAt = replayTo.map(t -> t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    }
    RestorePlan.checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
    if (replayTo.isPresent() && mariaDb.isEmpty()) {
      throw StepException.configuration("the takeover replays MySQL's binlogs: give --mysql-host");
    }
    Instant target = replayTo.orElse(null);
    binlogs = replayTo.map(t -> BinlogChain.plan(platform, manifest, segmentsFromBase(), t));
    Instant recoveryPoint = replayTo.orElse(DrillReport.consistentAt(manifest));
    return new Plan(platform, manifest.id(), Optional.ofNullable(target), stopAt, recoveryPoint,
        binlogs.map(b -> b.segments().size()).orElse(0), record.map(TakeoverRecord::state),
        record.map(TakeoverRecord::started).orElse(opened));
  }

  /** The newest second the binlog chain from the newest backup covers, when it covers any. */
  private Optional<Instant> newestCovered() {
    BackupManifest.ConsistentPoint point = manifest.consistentPoint();
    if (point == null || point.binlogFile() == null || point.binlogPosition() == null) {
      err.println("warning: backup " + manifest.id() + " recorded no binlog position: the takeover restores its dump"
          + " only");
      return Optional.empty();
    }
    BinlogChain.Reach reach = BinlogChain.reach(platform, manifest, segmentsFromBase());
    if (reach.gap().isPresent()) {
      throw StepException.failure(reach.gap().get() + "; the binlogs reach without a hole until "
          + reach.coveredUntil().map(Instant::toString).orElse("the backup's dump") + ": give --to-time at or before"
          + " it to take over up to there", null);
    }
    if (reach.coveredUntil().isEmpty()) {
      err.println("warning: no binlog segment is stored after backup " + manifest.id() + "'s dump: the takeover"
          + " restores its dump only");
      return Optional.empty();
    }
    return reach.coveredUntil();
  }

  private List<io.lanes.steps.backup.format.BinlogSegment> segmentsFromBase() {
    return BinlogCatalog.segments(store, platform, Optional.of(manifest.consistentPoint().binlogFile()));
  }

  /** Reads every object of the backup and every binlog segment back against its manifest, and decodes the binlogs. */
  public void verify(Plan plan) {
    new Restorer(store, manifest, decryption.of(manifest, environment, err), err).verify();
    if (binlogs.isPresent()) {
      segments = new PointInTimeRestorer(store, platform, binlogs.get(), err);
      List<Path> files = segments.fetch(decryption.identities(environment));
      decoded = segments.decode(mariaDb.orElseThrow(), manifest, files, plan.stopAt().orElseThrow(), Map.of());
    }
  }

  /**
   * Restores what {@link #verify} checked into the DR site's databases. They must hold none of the backup's databases,
   * unless this run resumes a takeover that began restoring them or {@code intoLive} (confirmed by the step); a
   * finished restore of the same takeover is not repeated.
   */
  public void restore(Plan plan, boolean intoLive) {
    if (plan.resumed().filter(TakeoverRecord.RESTORED::equals).isPresent()) {
      err.println("takeover: backup " + plan.backup() + " was restored by the earlier attempt: not restored again");
      return;
    }
    Restorer restorer = new Restorer(store, manifest, decryption.of(manifest, environment, err), err);
    try (MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null)) {
      boolean resumed = plan.resumed().isPresent();
      String said = RestoreGuard.checkTargets(manifest, "", intoLive || resumed, intoLive || resumed,
          mariaDb.map(db -> new RestoreGuard.Target(db.toString(), db::userDatabases)).orElse(null),
          mongo == null ? null : new RestoreGuard.Target("MongoDB", mongo::userDatabases));
      if (!said.isEmpty()) {
        err.println(resumed ? "takeover: restoring again over what the earlier attempt left: " + said : said);
      }
      write(plan, TakeoverRecord.RESTORING);
      mariaDb.ifPresent(db -> restorer.restoreMySql(db, Map.of()));
      if (segments != null) {
        segments.replay(mariaDb.orElseThrow(), manifest, decoded, plan.stopAt().orElseThrow(), Map.of());
      }
      if (mongo != null) {
        restorer.restoreMongoDb(mongo, Map.of());
      }
    }
    write(plan, TakeoverRecord.RESTORED);
  }

  /** Records the takeover as finished, with the RTO the step reports: a next one starts afresh. */
  public void finished(Plan plan, Duration rto) {
    write(plan, TakeoverRecord.DEPLOYED, rto.toMillis() / 1000.0);
  }

  private Optional<TakeoverRecord> record() {
    return TakeoverRecord.read(store, platform);
  }

  private void write(Plan plan, String state) {
    write(plan, state, null);
  }

  private void write(Plan plan, String state, Double rtoSeconds) {
    TakeoverRecord record = new TakeoverRecord(
        plan.backup(), plan.toTime().orElse(null), plan.stopAt().orElse(null), state, clock.instant(), plan.started(),
        plan.recoveryPoint(), destination.cluster().name(), destination.namespace(), rtoSeconds);
    store.put(TakeoverRecord.key(platform), record.toJson(), "application/json");
  }

  @Override
  public void close() {
    if (segments != null) {
      segments.close();
    }
    store.close();
  }
}
