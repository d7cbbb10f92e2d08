package io.lanes.steps.backup.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackupLayoutTest {
  @Test
  @DisplayName("an upload is an earlier run's when its folder is an older backup id of the same platform")
  void earlierRuns() {
    String now = "20261125T020000Z";

    assertThat(BackupLayout.earlier("acme", "acme/20261124T020000Z/mysql/dump.sql.gz", now)).isTrue();
    assertThat(BackupLayout.earlier("acme", "acme/20261125T020000Z/mysql/dump.sql.gz", now)).as("this run").isFalse();
    assertThat(BackupLayout.earlier("acme", "acme/20261126T020000Z/mysql/dump.sql.gz", now)).as("a later run").isFalse();
    assertThat(BackupLayout.earlier("acme", "acme/notes/x", now)).as("not a backup folder").isFalse();
    assertThat(BackupLayout.earlier("acme", "acme2/20261124T020000Z/x", now)).as("another platform").isFalse();
  }

  @Test
  @DisplayName("encrypted objects are stored under .enc and map back to their plain key")
  void encryptedKeys() {
    assertThat(BackupLayout.stored(BackupLayout.MYSQL_DUMP, true)).isEqualTo("mysql/dump.sql.gz.enc");
    assertThat(BackupLayout.stored(BackupLayout.MYSQL_DUMP, false)).isEqualTo("mysql/dump.sql.gz");
    assertThat(BackupLayout.plain("mongodb/edx/c.bson.gz.enc")).isEqualTo("mongodb/edx/c.bson.gz");
  }
}
