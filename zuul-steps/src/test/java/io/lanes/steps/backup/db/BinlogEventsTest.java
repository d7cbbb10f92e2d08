package io.lanes.steps.backup.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinlogEventsTest {
  @TempDir Path dir;

  private static byte[] event(long timestamp, int type, int length) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, (int) timestamp);
    b.put(4, (byte) type);
    b.putInt(5, 1);
    b.putInt(9, length);
    return b.array();
  }

  @Test
  @DisplayName("a scan ends on the last complete event, with the first and last time stamps, and knows a rotate ends"
      + " the file")
  void endsOnTheLastCompleteEvent() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(BinlogEvents.MAGIC);
    file.writeBytes(event(1_700_000_000, 15, 100));
    file.writeBytes(event(1_700_000_005, 2, 40));
    byte[] cut = event(1_700_000_009, 4, 50);
    file.write(cut, 0, 30);
    Path binlog = Files.write(dir.resolve("binlog.000001"), file.toByteArray());

    BinlogEvents.Scan partial = BinlogEvents.scan(binlog, 0, Files.size(binlog));

    assertThat(partial.end()).isEqualTo(144);
    assertThat(partial.events()).isEqualTo(2);
    assertThat(partial.firstEvent()).contains(Instant.ofEpochSecond(1_700_000_000));
    assertThat(partial.lastEvent()).contains(Instant.ofEpochSecond(1_700_000_005));
    assertThat(partial.closed()).isFalse();

    Files.write(binlog, java.util.Arrays.copyOfRange(cut, 30, 50), java.nio.file.StandardOpenOption.APPEND);
    BinlogEvents.Scan rest = BinlogEvents.scan(binlog, 144, Files.size(binlog));

    assertThat(rest.end()).isEqualTo(194);
    assertThat(rest.closed()).isTrue();
    assertThat(BinlogEvents.next("binlog.000009")).isEqualTo("binlog.000010");
  }

  @Test
  @DisplayName("a file that is not a binlog is refused naming it")
  void notABinlog() throws IOException {
    Path file = Files.writeString(dir.resolve("binlog.000001"), "hello, world");

    assertThatThrownBy(() -> BinlogEvents.scan(file, 0, Files.size(file)))
        .hasMessageContaining("binlog.000001 is not a binary log");
  }
}
