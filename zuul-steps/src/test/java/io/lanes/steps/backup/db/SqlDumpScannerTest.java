package io.lanes.steps.backup.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqlDumpScannerTest {
  private static SqlDumpScanner scan(String dump, int chunk) {
    SqlDumpScanner scanner = new SqlDumpScanner();
    byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      scanner.write(bytes, i, Math.min(chunk, bytes.length - i));
    }
    return scanner;
  }

  private static final String MARIADB_10_11 =
      """
      -- CHANGE MASTER TO MASTER_USE_GTID=slave_pos;
      -- CHANGE MASTER TO MASTER_LOG_FILE='binlog.000003', MASTER_LOG_POS=4242;
      CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;
      USE `shop`;
      CREATE TABLE `orders` (
        `id` int(11) NOT NULL
      ) ENGINE=InnoDB;
      INSERT INTO `orders` VALUES
      (1,'a ( b',NULL),
      (2,'it\\'s ); (3,\\'x\\')',0x00),
      (3,'line\\nbreak','\\\\');
      INSERT INTO `orders` VALUES
      (4,'',NULL);
      CREATE TABLE `empty` (
        `id` int(11) NOT NULL
      );
      /*!50001 CREATE VIEW `v` AS SELECT 1 AS `x` */;
      USE `other`;
      CREATE TABLE `orders` (`id` int);
      INSERT INTO `orders` VALUES (1),(2);
      -- SET GLOBAL gtid_slave_pos='0-1-141';
      """;

  @Test
  @DisplayName("counts rows per table across statements, strings with quotes, parentheses and escapes")
  void countsRows() {
    SqlDumpScanner scanner = scan(MARIADB_10_11, 1 << 20);

    assertThat(scanner.rows())
        .containsExactly(
            java.util.Map.entry("shop.orders", 4L),
            java.util.Map.entry("shop.empty", 0L),
            java.util.Map.entry("other.orders", 2L));
  }

  @Test
  @DisplayName("the counts do not depend on how the stream is cut into writes")
  void independentOfChunks() {
    for (int chunk : new int[] {1, 2, 3, 7, 64}) {
      assertThat(scan(MARIADB_10_11, chunk).rows()).as("chunk %d", chunk).containsEntry("shop.orders", 4L);
    }
  }

  @Test
  @DisplayName("reads the binary log file, position and GTID the dump was taken at")
  void readsConsistentPoint() {
    SqlDumpScanner scanner = scan(MARIADB_10_11, 5);

    assertThat(scanner.binlogFile()).contains("binlog.000003");
    assertThat(scanner.binlogPosition()).contains(4242L);
    assertThat(scanner.gtid()).contains("0-1-141");
  }

  @Test
  @DisplayName("a dump without a binary log position leaves it empty")
  void noBinlog() {
    SqlDumpScanner scanner = scan("USE `a`;\nCREATE TABLE `t` (`id` int);\n", 16);

    assertThat(scanner.binlogFile()).isEmpty();
    assertThat(scanner.rows()).containsExactly(java.util.Map.entry("a.t", 0L));
  }
}
