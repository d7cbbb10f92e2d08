package io.lanes.steps.backup.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BucketJson: the JSON kept in a backup bucket (pure)")
class BucketJsonTest {
  record Point(String name, Instant at) {}

  @Test
  @DisplayName("times are ISO-8601 text, and what is written reads back equal")
  void roundTrip() {
    Point point = new Point("acme", Instant.parse("2026-12-05T17:00:00Z"));
    String json = new String(BucketJson.write(point), StandardCharsets.UTF_8);

    assertThat(json).contains("\"2026-12-05T17:00:00Z\"");
    assertThat(BucketJson.read("acme/point.json", json, Point.class)).isEqualTo(point);
  }

  @Test
  @DisplayName("a field a newer writer added is ignored")
  void newerFieldIgnored() {
    Point read = BucketJson.read("acme/point.json", "{\"name\": \"acme\", \"addedLater\": 1}", Point.class);

    assertThat(read).isEqualTo(new Point("acme", null));
  }

  @Test
  @DisplayName("text that is not JSON fails naming where it was read, in one line")
  void notJsonNamesWhere() {
    assertThatThrownBy(() -> BucketJson.read("acme/point.json", "{\"name\": ", Point.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("acme/point.json: not valid JSON: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  @DisplayName("a segment manifest of an unknown format is refused naming the key and the format")
  void segmentOfUnknownFormat() {
    assertThatThrownBy(() -> BinlogSegment.parse("acme/binlog/x.json", "{\"format\": 9}"))
        .hasMessage("acme/binlog/x.json: binlog segment format 9 is not supported (this build reads 1)");
  }

  @Test
  @DisplayName("a backup manifest without its objects is refused naming the key")
  void manifestWithoutObjects() {
    assertThatThrownBy(() -> BackupManifest.parse("acme/b1/manifest.json",
            "{\"format\": " + BackupManifest.FORMAT + ", \"id\": \"b1\", \"started\": \"2026-12-05T17:00:00Z\"}"))
        .hasMessage("acme/b1/manifest.json: not a backup manifest (id, started or objects missing)");
  }
}
