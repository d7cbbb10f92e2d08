package io.lanes.steps.backup.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BinlogStatementsTest {
  /** mariadb-binlog 10.11's output with --database=rw1 --rewrite-db='rw1->rw1_x' (trimmed). */
  private static final String ROWS = """
      # at 1183
      #261205 10:00:01 server id 1  end_log_pos 1225 CRC32 0x1 	GTID 0-1-5 trans
      START TRANSACTION
      /*!*/;
      # at 1297
      #261205 10:00:01 server id 1  end_log_pos 1342 CRC32 0x2 	Table_map: `rw1_x`.`t` mapped to number 18
      BINLOG '
      7x0UaxMBAAAALQAAACsFAAAAABIAAAAAAAEABXJ3MV94AAF0AAEDAADwlUtu
      7x0UaxcBAAAAKwAAAFYFAAAAABIAAAAAAAEAAQH+AQAAAP4CAAAA0aTF8Q==
      '/*!*/;
      COMMIT/*!*/;
      # at 1420
      use `rw1_x`/*!*/;
      SET TIMESTAMP=1765000000/*!*/;
      INSERT INTO t VALUES (3)
      /*!*/;
      # at 1500
      CREATE TABLE rw1_x2.other (id INT)
      /*!*/;
      """;

  private static java.util.Optional<String> scan(String text) throws Exception {
    return BinlogStatements.namingDatabase(new BufferedReader(new StringReader(text)), "rw1");
  }

  @Test
  @DisplayName("row events, the rewritten default database and names that only start like the database pass")
  void rowsAndDefaultDatabasePass() throws Exception {
    assertThat(scan(ROWS)).isEmpty();
  }

  @Test
  @DisplayName("a statement that names the original database in its text is found, with its position")
  void qualifiedNamesFound() throws Exception {
    assertThat(scan(ROWS + "# at 1600\nINSERT INTO rw1.t VALUES (4)\n/*!*/;\n"))
        .hasValue("at 1600: INSERT INTO rw1.t VALUES (4)");
    assertThat(scan(ROWS + "# at 1700\nUPDATE `rw1` . `t` SET id = 5\n")).hasValueSatisfying(s -> assertThat(s).startsWith("at 1700"));
    assertThat(scan(ROWS + "# at 1800\nDROP DATABASE IF EXISTS `rw1`\n")).hasValueSatisfying(s -> assertThat(s).startsWith("at 1800"));
    assertThat(scan("# at 4\nALTER SCHEMA rw1 CHARACTER SET utf8mb4\n")).isPresent();
  }
}
