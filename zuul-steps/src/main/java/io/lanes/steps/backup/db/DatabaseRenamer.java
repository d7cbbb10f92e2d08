package io.lanes.steps.backup.db;

import io.lanes.steps.BlockInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the database names in a {@code mariadb-dump --databases} stream ({@code CREATE DATABASE} and {@code
 * USE} lines), so a dump restores into other databases, a drill's scratch ones. Every other line passes untouched.
 */
public final class DatabaseRenamer extends BlockInputStream {
  private static final Pattern NAMED =
      Pattern.compile("^(CREATE DATABASE (?:/\\*!32312 IF NOT EXISTS\\*/ )?|USE )`((?:[^`]|``)+)`(.*)$", Pattern.DOTALL);
  private static final int PROBE = 16;

  private final InputStream in;
  private final Map<String, String> names;
  private byte[] pending = new byte[0];
  private int pendingAt;
  private boolean atLineStart = true;
  private boolean ended;

  public DatabaseRenamer(InputStream in, Map<String, String> names) {
    this.in = in;
    this.names = names;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (names.isEmpty()) {
      return in.read(bytes, offset, length);
    }
    if (pendingAt < pending.length) {
      int n = Math.min(length, pending.length - pendingAt);
      System.arraycopy(pending, pendingAt, bytes, offset, n);
      pendingAt += n;
      return n;
    }
    if (ended) {
      return -1;
    }
    if (atLineStart) {
      fillLineStart();
      return read(bytes, offset, length);
    }
    int n = readSource(bytes, offset, length);
    if (n < 0) {
      ended = true;
      return -1;
    }
    // Pass through up to the end of this line; the next line's start is probed separately.
    for (int i = offset; i < offset + n; i++) {
      if (bytes[i] == '\n') {
        int rest = offset + n - (i + 1);
        if (rest > 0) {
          int older = pushBack == null ? 0 : pushBack.length - pushBackAt;
          byte[] back = new byte[rest + older];
          System.arraycopy(bytes, i + 1, back, 0, rest);
          if (older > 0) {
            System.arraycopy(pushBack, pushBackAt, back, rest, older);
          }
          pushBack = back;
          pushBackAt = 0;
        }
        atLineStart = true;
        return i + 1 - offset;
      }
    }
    return n;
  }

  /** Bytes read past a line's end, handed out before the underlying stream's. */
  private byte[] pushBack;
  private int pushBackAt;

  private int readSource(byte[] bytes, int offset, int length) throws IOException {
    if (pushBack != null) {
      int n = Math.min(length, pushBack.length - pushBackAt);
      System.arraycopy(pushBack, pushBackAt, bytes, offset, n);
      pushBackAt += n;
      if (pushBackAt == pushBack.length) {
        pushBack = null;
        pushBackAt = 0;
      }
      return n;
    }
    return in.read(bytes, offset, length);
  }

  private int next() throws IOException {
    if (pushBack != null) {
      int b = pushBack[pushBackAt++] & 0xff;
      if (pushBackAt == pushBack.length) {
        pushBack = null;
        pushBackAt = 0;
      }
      return b;
    }
    return in.read();
  }

  /** Reads the start of a line; reads a whole CREATE DATABASE/USE line and renames in it. */
  private void fillLineStart() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = next()) >= 0) {
      line.write(b);
      if (b == '\n') {
        break;
      }
      if (line.size() == PROBE) {
        String probe = line.toString(StandardCharsets.ISO_8859_1);
        if (!probe.startsWith("CREATE DATABASE") && !probe.startsWith("USE `")) {
          break;
        }
      }
    }
    if (b < 0 && line.size() == 0) {
      ended = true;
      pending = new byte[0];
      pendingAt = 0;
      return;
    }
    byte[] read = line.toByteArray();
    atLineStart = b == '\n';
    if (b < 0) {
      ended = true;
    }
    String text = new String(read, StandardCharsets.UTF_8);
    Matcher m = NAMED.matcher(text);
    if (m.matches()) {
      String name = m.group(2).replace("``", "`");
      String target = names.get(name);
      if (target != null) {
        read = (m.group(1) + MariaDb.quote(target) + m.group(3)).getBytes(StandardCharsets.UTF_8);
      }
    }
    pending = read;
    pendingAt = 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
