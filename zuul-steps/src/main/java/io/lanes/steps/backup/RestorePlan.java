package io.lanes.steps.backup;

import io.lanes.steps.StepException;
import io.lanes.steps.backup.db.MariaDb;
import io.lanes.steps.backup.format.BackupManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a restore writes, and whether it has a target for every kind of database the backup holds. Pure. */
final class RestorePlan {
  private RestorePlan() {}

  /** A configuration error (exit 2) when the backup holds databases of a kind no target was given for. */
  static void checkTargets(BackupManifest manifest, boolean mysql, boolean mongodb) {
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

  /** What restoring {@code manifest} with {@code names} writes, one line per database or collection. */
  static List<String> lines(BackupManifest manifest, Map<String, String> names, Optional<MariaDb> mariaDb, boolean mongodb) {
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
}
