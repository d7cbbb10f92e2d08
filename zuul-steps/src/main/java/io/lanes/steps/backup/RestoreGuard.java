package io.lanes.steps.backup;

import io.lanes.core.text.Echo;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.format.BackupLayout;
import io.lanes.steps.backup.format.BackupManifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code restore} and {@code drill} refuse before reading any object: a manifest that is not the one its folder
 * and the platform being restored say it is (exit 3: no flag overrides it), and a restore that would replace live
 * databases without {@code --into-live --confirm} (exit 2). Pure but for the database listings it is given.
 */
final class RestoreGuard {
  private RestoreGuard() {}

  /**
   * Refuses (exit 3) a manifest found at {@code <platform>/<id>/manifest.json} that names another platform or another
   * backup id, or lists an object outside its own backup's folder: restoring it would read another platform's data
   * into this platform's databases.
   */
  static void checkLocation(BackupManifest manifest, String platform, String id) {
    String where = BackupLayout.backupPrefix(platform, id) + BackupLayout.MANIFEST;
    if (!platform.equals(manifest.platform()) || !id.equals(manifest.id())) {
      throw StepException.policy(
          where + " says platform " + Echo.bare(manifest.platform()) + ", backup " + Echo.bare(manifest.id())
              + ", but it is stored as platform " + platform + ", backup " + id
              + "; refusing to restore another platform's or another backup's data into platform " + platform);
    }
    for (BackupManifest.Entry entry : manifest.objects()) {
      String key = entry.key() == null ? "" : entry.key();
      boolean inside =
          (key.startsWith("mysql/") || key.startsWith("mongodb/"))
              && List.of(key.split("/", -1)).stream().noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
      if (!inside) {
        throw StepException.policy(
            where + " lists object " + Echo.quote(key) + ", which is not inside backup " + id
                + " of platform " + platform + " (mysql/... or mongodb/...); refusing to restore");
      }
    }
  }

  /** The databases a restore of {@code manifest} writes, by their target names ({@code names}: renamed ones). */
  static Set<String> targets(BackupManifest manifest, Map<String, String> names, String kind) {
    Map<String, Long> counted = kind.equals("mysql") ? manifest.mysqlTables() : manifest.mongodbCollections();
    Set<String> targets = new LinkedHashSet<>();
    if (counted != null) {
      for (String qualified : counted.keySet()) {
        String database = qualified.substring(0, qualified.indexOf('.'));
        targets.add(names.getOrDefault(database, database));
      }
    }
    return targets;
  }

  /**
   * Refuses (exit 2) a restore under the databases' own names ({@code suffix} empty) into servers where any of them
   * exists already, unless both {@code --into-live} and {@code --confirm} are given. A suffix, or servers that hold
   * none of the databases (a separate target, such as a DR namespace's empty databases), need neither.
   *
   * @param mysql the MySQL server's name and its user databases, listed only when needed; {@code null} without MySQL
   * @param mongodb the same for MongoDB
   * @return a line to print when the restore goes ahead into live databases; empty otherwise
   */
  static String checkTargets(
      BackupManifest manifest,
      String suffix,
      boolean intoLive,
      boolean confirm,
      Target mysql,
      Target mongodb) {
    if (confirm && !intoLive) {
      throw StepException.configuration("--confirm confirms --into-live: give both, or neither");
    }
    if (!suffix.isEmpty()) {
      if (intoLive) {
        throw StepException.configuration(
            "--into-live restores under the databases' own names: give it without --database-suffix");
      }
      return "";
    }
    if (intoLive && !confirm) {
      throw StepException.configuration(
          "--into-live replaces the live databases of backup " + manifest.id() + ": add --confirm to do it");
    }
    List<String> live = new ArrayList<>();
    live.addAll(existing(manifest, "mysql", mysql));
    live.addAll(existing(manifest, "mongodb", mongodb));
    if (live.isEmpty()) {
      return "";
    }
    if (!intoLive) {
      throw StepException.configuration(
          "refusing to restore backup " + manifest.id() + " under the databases' own names: "
              + String.join(", ", live)
              + " already exist (live data); give --database-suffix SUFFIX to restore beside them, or"
              + " --into-live --confirm to replace them");
    }
    return "--into-live --confirm: replacing the live databases " + String.join(", ", live);
  }

  private static List<String> existing(BackupManifest manifest, String kind, Target target) {
    if (target == null) {
      return List.of();
    }
    Set<String> wanted = targets(manifest, Map.of(), kind);
    if (wanted.isEmpty()) {
      return List.of();
    }
    List<String> present = target.databases().get();
    return wanted.stream().filter(present::contains).map(d -> kind + " database " + d + " on " + target.server()).toList();
  }

  /**
   * A database server a restore writes to.
   *
   * @param server how messages name it ({@code host:port})
   * @param databases lists its user databases
   */
  record Target(String server, Supplier<List<String>> databases) {}
}
