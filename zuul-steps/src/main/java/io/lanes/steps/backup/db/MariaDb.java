package io.lanes.steps.backup.db;

import io.lanes.steps.StepException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A MySQL/MariaDB server reached through the client tools {@code mariadb-dump} and {@code mariadb} (or {@code
 * mysqldump} and {@code mysql}). The password goes to the tools in a private options file, never on a command line.
 *
 * @param host the server's host
 * @param port the server's port
 * @param user the user
 * @param password the password; never logged
 */
public record MariaDb(String host, int port, String user, String password) {
  /** Databases that belong to the server itself and are never dumped unless named. */
  public static final List<String> SYSTEM_DATABASES =
      List.of("information_schema", "performance_schema", "mysql", "sys");

  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }

  /** {@code mariadb-dump}, or {@code mysqldump} where only that is installed. */
  static String dumpTool() {
    return onPath("mariadb-dump") ? "mariadb-dump" : "mysqldump";
  }

  /** {@code mariadb-binlog}, or {@code mysqlbinlog} where only that is installed. */
  static String binlogTool() {
    return onPath("mariadb-binlog") ? "mariadb-binlog" : "mysqlbinlog";
  }

  /** {@code mariadb}, or {@code mysql} where only that is installed. */
  static String clientTool() {
    return onPath("mariadb") ? "mariadb" : "mysql";
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The version line of the dump tool ({@code mariadb-dump from 11.x ...}). */
  public String dumpToolVersion() {
    return run(List.of(dumpTool(), "--version"), null).strip();
  }

  /** The result of a query, tab-separated rows without headers. */
  public List<List<String>> query(String sql) {
    String output = run(withOptions(clientTool(), "--batch", "--skip-column-names", "--raw", "-e", sql), null);
    List<List<String>> rows = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.isEmpty()) {
        rows.add(List.of(line.split("\t", -1)));
      }
    }
    return rows;
  }

  /** The server's databases other than {@link #SYSTEM_DATABASES}. */
  public List<String> userDatabases() {
    return query("SHOW DATABASES").stream()
        .map(r -> r.get(0))
        .filter(d -> !SYSTEM_DATABASES.contains(d))
        .toList();
  }

  /** Whether the server writes a binary log (then dumps record its position). */
  public boolean binlogEnabled() {
    return "1".equals(query("SELECT @@log_bin").get(0).get(0));
  }

  /**
   * Where the server's binary log ends now ({@code SHOW MASTER STATUS}).
   *
   * @param file the file being written
   * @param position the offset after the last committed transaction
   */
  public record BinlogPosition(String file, long position) {}

  /** Where the server's binary log ends now; empty when the binary log is off. */
  public java.util.Optional<BinlogPosition> binlogEnd() {
    List<List<String>> rows = query("SHOW MASTER STATUS");
    if (rows.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new BinlogPosition(rows.get(0).get(0), Long.parseLong(rows.get(0).get(1))));
  }

  /** The binary log files the server still holds, oldest first ({@code SHOW BINARY LOGS}). */
  public List<String> binlogFiles() {
    return query("SHOW BINARY LOGS").stream().map(r -> r.get(0)).toList();
  }

  /**
   * Starts {@code mariadb-binlog --read-from-remote-server --raw --stop-never} from the start of {@code firstFile}:
   * it copies the server's binary log into {@code directory} as the server writes it (over the replication protocol,
   * as a replica would, so it needs the {@code REPLICATION SLAVE} privilege) and never ends on its own.
   */
  public BinlogCopy copyBinlogs(Path directory, String firstFile) {
    List<String> command =
        withOptions(
            binlogTool(), "--read-from-remote-server", "--raw", "--stop-never",
            "--result-file=" + directory.toAbsolutePath() + "/", firstFile);
    return new BinlogCopy(start(command), binlogTool() + " from " + this);
  }

  /** A running {@code mariadb-binlog --raw --stop-never}. */
  public static final class BinlogCopy implements AutoCloseable {
    private final Process process;
    private final String what;
    private final StderrTail stderr;

    BinlogCopy(Process process, String what) {
      this.process = process;
      this.what = what;
      this.stderr = new StderrTail(process.getErrorStream());
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // it reads nothing from stdin
      }
    }

    /** Fails naming the tool and its last error lines when it has stopped. */
    public void checkRunning() {
      if (!process.isAlive()) {
        throw StepException.failure(what + " stopped (exit " + process.exitValue() + "): " + stderr.text(), null);
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Decodes the events of local binlog {@code files} (in order) into SQL in {@code out}, touching no server: from
   * {@code startPosition} of the first file, only those of {@code database}, up to the first event at or after
   * {@code stopAt} ({@code mariadb-binlog --stop-datetime}, whose resolution is the binlog's: one second). With
   * {@code renamedTo}, {@code --rewrite-db} moves the events into that database (mariadb-binlog filters by the original
   * name and rewrites row events and the statements' default database, not a database named in a statement's text:
   * see {@link BinlogStatements}).
   */
  public void decode(
      List<Path> files, long startPosition, java.time.Instant stopAt, String database,
      java.util.Optional<String> renamedTo, Path out) {
    if (renamedTo.isPresent() && !onPath("mariadb-binlog")) {
      throw StepException.configuration("restore --to-time into renamed databases needs mariadb-binlog (MariaDB's"
          + " --rewrite-db, which filters by the original name); only " + binlogTool() + " is installed");
    }
    List<String> command = new ArrayList<>(List.of(
        // --skip-gtid-strict-mode: a binlog that got older GTIDs again (an earlier replay into the same server) is
        // read as it is rather than refused
        binlogTool(), "--no-defaults", "--skip-gtid-strict-mode", "--database=" + database,
        "--start-position=" + startPosition,
        "--stop-datetime=" + STOP_DATETIME.format(stopAt)));
    renamedTo.ifPresent(to -> command.add("--rewrite-db=" + database + "->" + to));
    command.add("--result-file=" + out);
    files.forEach(f -> command.add(f.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // --stop-datetime is read in the tool's time zone
    builder.environment().put("TZ", "UTC");
    Process binlog;
    try {
      binlog = builder.start();
    } catch (IOException e) {
      throw StepException.configuration("cannot run " + command.get(0) + " (is the MariaDB client installed?): " + e.getMessage(), e);
    }
    StderrTail stderr = new StderrTail(binlog.getErrorStream());
    int exit = awaitQuietly(binlog);
    if (exit != 0) {
      throw StepException.failure(command.get(0) + " failed (exit " + exit + "): " + stderr.text(), null);
    }
  }

  private static final java.time.format.DateTimeFormatter STOP_DATETIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

  /** The server's version string. */
  public String serverVersion() {
    return query("SELECT VERSION()").get(0).get(0);
  }

  /** Rows per table ({@code database.table}) of {@code tables}, counted exactly. */
  public Map<String, Long> countRows(List<String> tables, Map<String, String> databaseNames) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return counts;
    }
    StringBuilder sql = new StringBuilder();
    for (String table : tables) {
      int dot = table.indexOf('.');
      String database = databaseNames.getOrDefault(table.substring(0, dot), table.substring(0, dot));
      sql.append("SELECT '")
          .append(table.replace("'", "''"))
          .append("', COUNT(*) FROM ")
          .append(quote(database))
          .append('.')
          .append(quote(table.substring(dot + 1)))
          .append(";\n");
    }
    for (List<String> row : query(sql.toString())) {
      counts.put(row.get(0), Long.parseLong(row.get(1)));
    }
    return counts;
  }

  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /**
   * Starts {@code mariadb-dump --single-transaction --quick} of {@code databases}; read its stdout, then call
   * {@link DumpProcess#finish()}.
   */
  public DumpProcess startDump(List<String> databases, boolean recordBinlogPosition) {
    List<String> command =
        withOptions(
            dumpTool(),
            "--single-transaction",
            "--quick",
            "--routines",
            "--events",
            "--triggers",
            "--hex-blob",
            "--default-character-set=utf8mb4");
    if (recordBinlogPosition) {
      command.add("--master-data=2");
      command.add("--gtid");
    }
    command.add("--databases");
    command.addAll(databases);
    return new DumpProcess(start(command), dumpTool());
  }

  /** Pipes {@code sql} into the client; fails naming the client's last error line. */
  public void execute(InputStream sql, String what) {
    Process process = start(withOptions(clientTool(), "--binary-mode"));
    StderrTail stderr = new StderrTail(process.getErrorStream());
    try (OutputStream stdin = process.getOutputStream()) {
      sql.transferTo(stdin);
    } catch (IOException e) {
      process.destroyForcibly();
      awaitQuietly(process);
      String detail = stderr.text();
      throw StepException.failure(
          what + ": " + clientTool() + " stopped reading" + (detail.isEmpty() ? ": " + e.getMessage() : ": " + detail), e);
    }
    int exit = awaitQuietly(process);
    if (exit != 0) {
      throw StepException.failure(what + ": " + clientTool() + " failed (exit " + exit + "): " + stderr.text(), null);
    }
  }

  private static int awaitQuietly(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }

  private String run(List<String> command, String what) {
    Process process = start(command);
    StderrTail stderr = new StderrTail(process.getErrorStream());
    try {
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw StepException.failure(command.get(0) + " on " + this + ": no answer after 10 minutes", null);
      }
      if (process.exitValue() != 0) {
        throw StepException.failure(
            command.get(0) + " on " + this + " failed (exit " + process.exitValue() + "): " + stderr.text(), null);
      }
      return out;
    } catch (IOException e) {
      throw StepException.failure(command.get(0) + " on " + this + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure(command.get(0) + ": interrupted", e);
    }
  }

  private Process start(List<String> command) {
    try {
      return new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw StepException.configuration(
          "cannot run " + command.get(0) + " (is the MariaDB/MySQL client installed?): " + e.getMessage(), e);
    }
  }

  /** The tool with a private options file holding the connection and password as its first argument. */
  private List<String> withOptions(String tool, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.add("--defaults-extra-file=" + optionsFile());
    command.addAll(List.of(arguments));
    return command;
  }

  private Path optionsFile() {
    try {
      Path file =
          Files.createTempFile("lanes-mysql-", ".cnf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      String escaped = password.replace("\\", "\\\\").replace("\"", "\\\"");
      Files.writeString(
          file,
          "[client]\nhost=" + host + "\nport=" + port + "\nuser=" + user + "\npassword=\"" + escaped
              + "\"\nprotocol=tcp\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the MySQL client's options file", e);
    }
  }

  /** A running dump: its stdout to read, and its exit to check. */
  public static final class DumpProcess {
    private final Process process;
    private final String tool;
    private final StderrTail stderr;

    DumpProcess(Process process, String tool) {
      this.process = process;
      this.tool = tool;
      this.stderr = new StderrTail(process.getErrorStream());
    }

    public InputStream stdout() {
      return process.getInputStream();
    }

    /** Waits for the tool; a non-zero exit fails naming the tool and its last error lines. */
    public void finish() {
      int exit = awaitQuietly(process);
      if (exit != 0) {
        throw StepException.failure(tool + " failed (exit " + exit + "): " + stderr.text(), null);
      }
    }

    public void kill() {
      process.destroyForcibly();
      awaitQuietly(process);
    }
  }

  /** Reads a process's stderr on its own thread, keeping its last few KiB for the error message. */
  static final class StderrTail {
    private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
    private final Thread reader;

    StderrTail(InputStream stderr) {
      reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[4096];
                try (stderr) {
                  int n;
                  while ((n = stderr.read(buffer)) > 0) {
                    synchronized (tail) {
                      if (tail.size() > 16384) {
                        byte[] kept = tail.toByteArray();
                        tail.reset();
                        tail.write(kept, kept.length - 4096, 4096);
                      }
                      tail.write(buffer, 0, n);
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "stderr");
      reader.setDaemon(true);
      reader.start();
    }

    String text() {
      try {
        reader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (tail) {
        String text = tail.toString(StandardCharsets.UTF_8).strip();
        String[] lines = text.split("\n");
        return lines.length <= 3 ? text.replace('\n', ' ') : String.join(" ", List.of(lines).subList(lines.length - 3, lines.length));
      }
    }
  }
}
