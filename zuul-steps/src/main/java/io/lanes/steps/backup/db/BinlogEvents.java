package io.lanes.steps.backup.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the complete events of a MariaDB binary log file end, read from the file as {@code mariadb-binlog --raw}
 * writes it: the 4-byte magic {@code \xfebin}, then events, each with a 19-byte header (timestamp, type, server id,
 * event length, next position, flags; little-endian). A segment shipped to the bucket ends on an event boundary, so
 * the stored bytes of a file, put back together, are a binlog that {@code mariadb-binlog} reads to its end.
 */
public final class BinlogEvents {
  /** The 4 bytes every binlog file starts with. */
  static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};

  static final int HEADER = 19;
  static final int STOP_EVENT = 3;
  static final int ROTATE_EVENT = 4;

  private BinlogEvents() {}

  /**
   * What a range of a binlog file holds.
   *
   * @param end the offset after the last complete event (the range's start when it holds none)
   * @param events how many complete events
   * @param firstEvent the time stamp of the first event that has one, when any
   * @param lastEvent the time stamp of the last event that has one, when any
   * @param closed whether the last event ends the file (a rotate or stop event: nothing follows in this file)
   */
  public record Scan(long end, int events, Optional<Instant> firstEvent, Optional<Instant> lastEvent, boolean closed) {}

  /**
   * Scans {@code file} from {@code start} (0 or an event boundary) up to {@code size} bytes.
   *
   * @throws IOException when the file cannot be read or is not a binlog
   */
  public static Scan scan(Path file, long start, long size) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long offset = start;
      if (start == 0) {
        if (size < MAGIC.length) {
          return new Scan(0, 0, Optional.empty(), Optional.empty(), false);
        }
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
          throw new IOException(file + " is not a binary log (no \\xfebin magic)");
        }
        offset = MAGIC.length;
      }
      byte[] header = new byte[HEADER];
      int events = 0;
      Instant first = null;
      Instant last = null;
      boolean closed = false;
      while (offset + HEADER <= size) {
        in.seek(offset);
        in.readFully(header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long timestamp = Integer.toUnsignedLong(h.getInt(0));
        int type = header[4] & 0xff;
        long length = Integer.toUnsignedLong(h.getInt(9));
        if (length < HEADER) {
          throw new IOException(file + ": event at byte " + offset + " claims " + length + " bytes: not a binary log");
        }
        if (offset + length > size) {
          break;
        }
        offset += length;
        events++;
        if (timestamp > 0) {
          Instant at = Instant.ofEpochSecond(timestamp);
          first = first == null ? at : first;
          last = at;
        }
        closed = type == ROTATE_EVENT || type == STOP_EVENT;
      }
      return new Scan(offset, events, Optional.ofNullable(first), Optional.ofNullable(last), closed);
    }
  }

  /** The binlog file after {@code file}: the server numbers them, {@code binlog.000041} then {@code binlog.000042}. */
  public static String next(String file) {
    int dot = file.lastIndexOf('.');
    String digits = file.substring(dot + 1);
    long n = Long.parseLong(digits) + 1;
    String formatted = String.format("%0" + digits.length() + "d", n);
    return file.substring(0, dot + 1) + formatted;
  }

  /** Whether {@code name} is a binlog file's name ({@code <base>.<digits>}). */
  public static boolean isFileName(String name) {
    return name.matches("[A-Za-z0-9_.-]+\\.[0-9]{6,}") && !name.contains("/");
  }
}
