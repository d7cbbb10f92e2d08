package io.lanes.steps.backup.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds, in {@code mariadb-binlog}'s SQL for one database, a statement that names that database in its text: what
 * {@code --rewrite-db} leaves alone (it renames row events and the statements' default database only), so that a
 * replay into renamed databases would write into the original one. Row events ({@code BINLOG '...'} blocks) and
 * comments are passed by; a string literal that happens to hold {@code db.} is taken for a reference (refused, never
 * written to the wrong database). Pure.
 */
public final class BinlogStatements {
  private BinlogStatements() {}

  /**
   * The first statement of {@code decoded} that names {@code database} ({@code database.table}, {@code `database`.},
   * or {@code DATABASE|SCHEMA database}), as {@code at N: <statement>}; empty when none does.
   */
  public static Optional<String> namingDatabase(BufferedReader decoded, String database) throws IOException {
    String name = Pattern.quote(database);
    Pattern qualified = Pattern.compile(
        "(?i)(?<![A-Za-z0-9_$`])(`" + name + "`|" + name + ")\\s*\\.\\s*[`A-Za-z0-9_$]");
    Pattern named = Pattern.compile(
        "(?i)\\b(DATABASE|SCHEMA)\\s+(IF\\s+(NOT\\s+)?EXISTS\\s+)?(`" + name + "`|" + name + ")(?![A-Za-z0-9_$])");
    String at = "?";
    boolean inRows = false;
    String line;
    while ((line = decoded.readLine()) != null) {
      if (inRows) {
        inRows = !line.startsWith("'");
        continue;
      }
      if (line.startsWith("# at ")) {
        at = line.substring("# at ".length()).strip();
        continue;
      }
      if (line.startsWith("#") || line.startsWith("/*!")) {
        continue;
      }
      if (line.startsWith("BINLOG '")) {
        inRows = !line.substring("BINLOG '".length()).contains("'");
        continue;
      }
      if (qualified.matcher(line).find() || named.matcher(line).find()) {
        String statement = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return Optional.of("at " + at + ": " + statement);
      }
    }
    return Optional.empty();
  }
}
