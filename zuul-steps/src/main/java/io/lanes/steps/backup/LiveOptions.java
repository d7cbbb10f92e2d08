package io.lanes.steps.backup;

import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.db.MongoDatabases;
import io.lanes.steps.backup.format.BackupManifest;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --into-live --confirm}: what {@code restore} and {@code drill} need to restore under the databases' own names
 * into a server that already holds them (see {@link RestoreGuard#checkTargets}).
 */
public final class LiveOptions {
  @Option(
      names = "--into-live",
      description = "Restore under the databases' own names even where they exist: replaces live data (needs --confirm).")
  boolean intoLive;

  @Option(names = "--confirm", description = "Confirm --into-live.")
  boolean confirm;

  /** Refuses a restore of {@code manifest} that would replace live databases without both flags. */
  void check(BackupManifest manifest, String suffix, Optional<MariaDb> mariaDb, MongoDatabases mongo, PrintWriter err) {
    String said =
        RestoreGuard.checkTargets(
            manifest,
            suffix,
            intoLive,
            confirm,
            mariaDb.map(db -> new RestoreGuard.Target(db.toString(), db::userDatabases)).orElse(null),
            mongo == null ? null : new RestoreGuard.Target("MongoDB", mongo::userDatabases));
    if (!said.isEmpty()) {
      err.println(said);
    }
  }
}
