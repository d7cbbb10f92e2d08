package io.lanes.steps.backup;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.objectstore.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps restore}: lists a platform's backups, or restores one (the newest complete one by default) into
 * the given databases after checking every object against its manifest.
 */
@Command(
    name = "restore",
    resourceBundle = "io.lanes.steps.backup.RestoreStep",
    description = "List a platform's backups, or restore one into databases after verifying every checksum.")
public final class RestoreStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DecryptionOptions decryption;
  @Mixin DatabaseOptions databases;

  @Option(names = "--list", description = "List the backups, newest first, and restore nothing.")
  boolean list;

  @Option(names = "--backup", paramLabel = "ID", description = "The backup to restore (default: the newest complete one).")
  String id;

  @Option(names = "--dry-run", description = "Verify the backup and show what would be restored, touching no database.")
  boolean dryRun;

  @Option(
      names = "--database-suffix",
      paramLabel = "SUFFIX",
      defaultValue = "",
      description = "Restore each database as <name><SUFFIX> (default: under its own name, only into a server that"
          + " does not hold it yet, unless --into-live --confirm).")
  String suffix;

  @Mixin LiveOptions live;

  @Mixin CommonOptions common;

  RestoreStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BackupTarget.Resolved resolved = backup.resolve();
    String platform = resolved.platform().name();
    try (ObjectStore store = backup.open(resolved.backup(), resolved.platform().name(), context.environment())) {
      if (list) {
        return list(store, platform);
      }
      Manifest manifest = BackupCatalog.choose(store, platform, Optional.ofNullable(id));
      Optional<MariaDb> mariaDb = databases.mariaDb(context.environment());
      Optional<String> mongodbUri = databases.mongodbUri(context.environment());
      if (!dryRun || mariaDb.isPresent() || mongodbUri.isPresent()) {
        // A dry run with no target at all verifies the backup only (Zuul's lanes-backup-verify): nothing to check.
        checkTargets(manifest, mariaDb.isPresent(), mongodbUri.isPresent());
      }
      Map<String, String> names = Restorer.renamed(manifest, suffix);
      Restorer restorer = new Restorer(store, manifest, decryption.of(manifest, context.environment(), context.err()), context.err());
      List<String> plan = plan(manifest, names, mariaDb, mongodbUri.isPresent());
      Instant start = Instant.now();
      if (dryRun) {
        restorer.verify();
        context.out().println("dry run: would restore backup " + manifest.id() + " of platform " + platform + ":");
        plan.forEach(line -> context.out().println("  " + line));
      } else {
        try (MongoDatabases mongo = mongodbUri.map(MongoDatabases::connect).orElse(null)) {
          live.check(manifest, suffix, mariaDb, mongo, context.err());
          restorer.verify();
          mariaDb.ifPresent(db -> restorer.restoreMySql(db, names));
          if (mongo != null) {
            restorer.restoreMongoDb(mongo, names);
          }
        }
        context.err().printf(
            "restored backup %s of platform %s in %.1f s%n",
            manifest.id(), platform, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        context.out().println(manifest.id());
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("platform", platform);
      result.put("id", manifest.id());
      result.put("dry_run", dryRun);
      result.put("plan", plan);
      result.put("seconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
      ResultFile.write(common.result, Map.of("restore", result), Map.of());
      return ExitCodes.OK;
    }
  }

  static void checkTargets(Manifest manifest, boolean mysql, boolean mongodb) {
    boolean hasMySql = manifest.objects().stream().anyMatch(e -> e.kind().equals("mysql-dump"));
    boolean hasMongoDb = manifest.objects().stream().anyMatch(e -> e.kind().equals("mongodb-collection"));
    if (hasMySql && !mysql) {
      throw StepException.configuration(
          "backup " + manifest.id() + " holds MySQL databases: give --mysql-host to restore them");
    }
    if (hasMongoDb && !mongodb) {
      throw StepException.configuration(
          "backup " + manifest.id() + " holds MongoDB collections: give --mongodb-uri-env to restore them");
    }
  }

  static List<String> plan(Manifest manifest, Map<String, String> names, Optional<MariaDb> mariaDb, boolean mongodb) {
    List<String> plan = new ArrayList<>();
    if (manifest.mysqlTables() != null && mariaDb.isPresent()) {
      manifest.mysqlTables().keySet().stream()
          .map(t -> t.substring(0, t.indexOf('.')))
          .distinct()
          .forEach(
              d ->
                  plan.add(
                      "mysql database " + d + " -> " + names.getOrDefault(d, d) + " on " + mariaDb.get()
                          + " (tables dropped and re-created)"));
    }
    if (manifest.mongodbCollections() != null && mongodb) {
      manifest.mongodbCollections().forEach(
          (c, n) -> {
            String d = c.substring(0, c.indexOf('.'));
            plan.add(
                "mongodb collection " + c + " -> " + names.getOrDefault(d, d) + c.substring(c.indexOf('.'))
                    + " (" + n + " documents; collection dropped and re-created)");
          });
    }
    return plan;
  }

  private int list(ObjectStore store, String platform) {
    List<BackupCatalog.Listed> backups = BackupCatalog.list(store, platform);
    List<Map<String, Object>> rows = new ArrayList<>();
    context.out().printf("%-17s %-10s %10s %8s  %s%n", "ID", "STATE", "SIZE", "OBJECTS", "CONTENT");
    for (BackupCatalog.Listed backup : backups) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", backup.id());
      Optional<String> foreign = backup.manifest().flatMap(m -> foreign(m, platform, backup.id()));
      if (foreign.isPresent()) {
        context.out().printf("%-17s %-10s %10s %8s  %s%n", backup.id(), "foreign", "-", "-", foreign.get());
        row.put("state", "foreign");
        row.put("problem", foreign.get());
      } else if (backup.manifest().isPresent()) {
        Manifest m = backup.manifest().get();
        String content =
            (m.mysqlTables() == null ? 0 : m.mysqlTables().size()) + " tables, "
                + (m.mongodbCollections() == null ? 0 : m.mongodbCollections().size()) + " collections"
                + (m.encryption() == null ? "" : ", encrypted (" + encryptedWith(m.encryption()) + ")");
        context.out().printf(
            "%-17s %-10s %10s %8d  %s%n", m.id(), "complete", Progress.bytes(m.totalSize()), m.objects().size(), content);
        row.put("state", "complete");
        row.put("bytes", m.totalSize());
        row.put("objects", m.objects().size());
        row.put("finished", m.finished().toString());
        if (m.encryption() != null) {
          Map<String, Object> encryption = new LinkedHashMap<>();
          encryption.put("algorithm", m.encryption().algorithm());
          if (m.encryption().keyId() != null) {
            encryption.put("key_id", m.encryption().keyId());
          }
          if (m.encryption().recipients() != null) {
            encryption.put("recipients", m.encryption().recipients());
          }
          row.put("encryption", encryption);
        }
      } else {
        String state = backup.problem().isPresent() ? "unreadable" : "incomplete";
        context.out().printf("%-17s %-10s %10s %8s  %s%n", backup.id(), state, "-", "-", backup.problem().orElse("no manifest"));
        row.put("state", state);
      }
      rows.add(row);
    }
    ResultFile.write(common.result, Map.of("backups", rows), Map.of());
    return ExitCodes.OK;
  }

  /** Why the manifest in {@code <platform>/<id>/} is not this backup's, if it is not. */
  private static Optional<String> foreign(Manifest manifest, String platform, String id) {
    try {
      RestoreGuard.checkLocation(manifest, platform, id);
      return Optional.empty();
    } catch (StepException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** What opens an encrypted backup, for --list: its age recipients, or the older format's key id. */
  private static String encryptedWith(Manifest.Encryption encryption) {
    if (encryption.recipients() != null) {
      return encryption.algorithm() + " to " + String.join(", ", encryption.recipients());
    }
    return encryption.algorithm() + ", key id " + encryption.keyId();
  }
}
