package io.lanes.steps.backup.db;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code mariadb-dump} stream as it passes and learns, without holding it, the rows dumped per table and
 * the binary log position the dump was taken at. Pure: bytes in, facts out.
 *
 * <p>It relies on how {@code mariadb-dump} and {@code mysqldump} write: {@code USE `db`;} before each database's
 * tables, {@code CREATE TABLE `t`} for each table, rows as {@code INSERT INTO `t` VALUES (...),(...);} (MariaDB
 * 10.11 puts each row on its own line; strings escape their quotes and newlines with a backslash) and, with {@code
 * --master-data=2 --gtid}, the binary log position as comments.
 */
public final class SqlDumpScanner extends OutputStream {
  private static final int HEAD_LIMIT = 512;
  private static final Pattern USE = Pattern.compile("^USE `((?:[^`]|``)+)`;");
  private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE TABLE `((?:[^`]|``)+)` \\(");
  private static final Pattern INSERT = Pattern.compile("^INSERT INTO `((?:[^`]|``)+)` VALUES ");
  private static final Pattern INSERT_LINE = Pattern.compile("^INSERT INTO `((?:[^`]|``)+)` VALUES$");
  private static final Pattern CHANGE_MASTER =
      Pattern.compile("^-- CHANGE MASTER TO MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=(\\d+);");
  private static final Pattern GTID = Pattern.compile("^-- SET GLOBAL gtid_slave_pos='([^']*)';");

  private enum Mode {
    HEAD,
    SKIP,
    VALUES
  }

  private static final byte[] INSERT_PREFIX = ascii("INSERT INTO `");
  private static final byte[] VALUES_SUFFIX = ascii("` VALUES ");

  private final Map<String, Long> rows = new LinkedHashMap<>();
  private final byte[] head = new byte[HEAD_LIMIT];
  private int headLength;
  private Mode mode = Mode.HEAD;
  private String database = "";
  private String table;
  private long tableRows;
  private int depth;
  private boolean inString;
  private boolean escaped;
  private String binlogFile;
  private Long binlogPosition;
  private String gtid;

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      switch (mode) {
        case SKIP -> i = skip(bytes, i, end);
        case VALUES -> i = values(bytes, i, end);
        case HEAD -> head(bytes[i++]);
      }
    }
  }

  /** Skips to the end of the line; returns the index after what was consumed. */
  private int skip(byte[] bytes, int i, int end) {
    while (i < end) {
      if (bytes[i++] == '\n') {
        mode = Mode.HEAD;
        return i;
      }
    }
    return i;
  }

  private void head(byte b) {
    if (b == '\n') {
      lineEnd();
      headLength = 0;
      return;
    }
    if (headLength == 0 && b != 'I' && b != 'U' && b != 'C' && b != '-') {
      // no line we look at starts otherwise: skip it without collecting it
      mode = Mode.SKIP;
      return;
    }
    head[headLength++] = b;
    if (b == ' ' && endsWith(VALUES_SUFFIX) && startsWith(INSERT_PREFIX)) {
      Matcher insert = INSERT.matcher(headText());
      if (insert.matches()) {
        startValues(insert.group(1));
        return;
      }
    }
    if (headLength == HEAD_LIMIT) {
      lineEnd();
      headLength = 0;
      mode = Mode.SKIP;
    }
  }

  private boolean startsWith(byte[] prefix) {
    return headLength >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
  }

  private boolean endsWith(byte[] suffix) {
    return headLength >= suffix.length
        && Arrays.equals(head, headLength - suffix.length, headLength, suffix, 0, suffix.length);
  }

  /** The collected line start; table and database names may be UTF-8, the patterns only need ASCII around them. */
  private String headText() {
    return new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
  }

  private void lineEnd() {
    if (headLength == 0) {
      return;
    }
    String line = headText();
    Matcher m;
    if ((m = INSERT_LINE.matcher(line)).matches()) {
      // MariaDB 10.11 writes "INSERT INTO `t` VALUES" alone, then one row per line
      startValues(m.group(1));
    } else if ((m = USE.matcher(line)).find()) {
      database = decode(m.group(1));
    } else if ((m = CREATE_TABLE.matcher(line)).find()) {
      rows.putIfAbsent(qualified(decode(m.group(1))), 0L);
    } else if ((m = CHANGE_MASTER.matcher(line)).find()) {
      binlogFile = m.group(1);
      binlogPosition = Long.parseLong(m.group(2));
    } else if ((m = GTID.matcher(line)).find()) {
      gtid = m.group(1);
    }
  }

  private void startValues(String name) {
    table = qualified(decode(name));
    tableRows = rows.getOrDefault(table, 0L);
    depth = 0;
    inString = false;
    escaped = false;
    headLength = 0;
    mode = Mode.VALUES;
  }

  /** Counts rows up to the statement's end; returns the index after what was consumed. */
  private int values(byte[] bytes, int i, int end) {
    while (i < end) {
      byte b = bytes[i++];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '\'') {
          inString = false;
        }
        continue;
      }
      switch (b) {
        case '\'' -> inString = true;
        case '(' -> {
          if (depth == 0) {
            tableRows++;
          }
          depth++;
        }
        case ')' -> depth--;
        case ';' -> {
          if (depth == 0) {
            rows.put(table, tableRows);
            mode = Mode.SKIP;
            return i;
          }
        }
        default -> {}
      }
    }
    return i;
  }

  private String qualified(String name) {
    return database.isEmpty() ? name : database + "." + name;
  }

  private static String decode(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).replace("``", "`");
  }

  /** Rows per table ({@code database.table}), in dump order; tables without rows count 0. */
  public Map<String, Long> rows() {
    if (mode == Mode.VALUES) {
      rows.put(table, tableRows);
    }
    return new LinkedHashMap<>(rows);
  }

  /** The binary log file at the dump's snapshot, when the dump recorded it. */
  public Optional<String> binlogFile() {
    return Optional.ofNullable(binlogFile);
  }

  /** The position in {@link #binlogFile()}. */
  public Optional<Long> binlogPosition() {
    return Optional.ofNullable(binlogPosition);
  }

  /** The GTID position at the dump's snapshot, when the dump recorded it. */
  public Optional<String> gtid() {
    return Optional.ofNullable(gtid);
  }
}
