package io.lanes.steps.backup.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.testing.LocalService;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Open edX-like tables of {@code src/services/mariadb.sh seed} (the demo's database, the backup benchmark's) on
 * the real MariaDB: the rows per learner its header promises (25 learners: the demo's counts), foreign keys that hold
 * although the seed checks none, and the backup's dump scanner counting every table's rows, JSON state and all, as
 * {@code COUNT(*)} does.
 */
class OpenEdxSeedTest {
  private static final String DATABASE = "lanes_openedx_seed_test";

  private static MariaDb server;
  private static Map<String, Long> seeded;

  @BeforeAll
  static void seed() throws Exception {
    Map<String, String> facts = LocalService.start("mariadb");
    server =
        new MariaDb(
            "127.0.0.1", Integer.parseInt(facts.get("MARIADB_PORT")), "root", facts.get("MARIADB_PASSWORD"));
    Process process =
        new ProcessBuilder(
                "bash", LocalService.root().resolve("src/services/mariadb.sh").toString(), "seed", DATABASE, "25")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    seeded = new LinkedHashMap<>();
    out.lines().map(line -> line.split(" ")).forEach(words -> seeded.put(words[0], Long.parseLong(words[1])));
  }

  @AfterAll
  static void drop() {
    server.query("DROP DATABASE IF EXISTS " + DATABASE);
  }

  @Test
  @DisplayName("25 learners give the demo's 25 users, 60 enrollments and 400 module states, and every other table its share")
  void rowsPerLearner() {
    assertThat(seeded)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry(DATABASE + ".auth_user", 25L),
                Map.entry(DATABASE + ".auth_userprofile", 25L),
                Map.entry(DATABASE + ".user_api_userpreference", 75L),
                Map.entry(DATABASE + ".django_session", 6L),
                Map.entry(DATABASE + ".course_overviews_courseoverview", 3L),
                Map.entry(DATABASE + ".student_courseenrollment", 60L),
                Map.entry(DATABASE + ".student_anonymoususerid", 60L),
                Map.entry(DATABASE + ".courseware_studentmodule", 400L),
                Map.entry(DATABASE + ".grades_visibleblocks", 12L),
                Map.entry(DATABASE + ".grades_persistentsubsectiongrade", 240L),
                Map.entry(DATABASE + ".grades_persistentcoursegrade", 60L),
                Map.entry(DATABASE + ".certificates_generatedcertificate", 15L)));
    assertThat(server.countRows(List.copyOf(seeded.keySet()), Map.of())).isEqualTo(seeded);
  }

  @Test
  @DisplayName("every foreign key of the seeded tables finds its row (the seed writes with foreign_key_checks off)")
  void foreignKeysHold() {
    List<List<String>> keys =
        server.query(
            "SELECT table_name, column_name, referenced_table_name, referenced_column_name"
                + " FROM information_schema.key_column_usage WHERE table_schema = '" + DATABASE + "'"
                + " AND referenced_table_name IS NOT NULL");

    assertThat(keys).hasSizeGreaterThanOrEqualTo(8);
    for (List<String> key : keys) {
      String orphans =
          server
              .query(
                  "SELECT COUNT(*) FROM " + DATABASE + "." + key.get(0) + " child LEFT JOIN " + DATABASE + "."
                      + key.get(2) + " parent ON parent." + key.get(3) + " = child." + key.get(1)
                      + " WHERE parent." + key.get(3) + " IS NULL")
              .get(0)
              .get(0);
      assertThat(orphans).as(key.get(0) + "." + key.get(1) + " -> " + key.get(2)).isEqualTo("0");
    }
  }

  @Test
  @DisplayName("the backup's dump scanner counts the rows of every seeded table, problem state JSON and all")
  void dumpScannerCountsEveryTable() throws Exception {
    SqlDumpScanner scanner = new SqlDumpScanner();
    MariaDb.DumpProcess dump = server.startDump(List.of(DATABASE), false);
    try (InputStream stdout = dump.stdout()) {
      stdout.transferTo(scanner);
    }
    dump.finish();

    assertThat(scanner.rows()).isEqualTo(seeded);
  }

  @Test
  @DisplayName("the module states are JSON objects, a problem's with its answers, correct map and score")
  void moduleStateIsJson() {
    List<List<String>> states =
        server.query(
            "SELECT module_type, COUNT(*), SUM(JSON_VALID(state)), MIN(LENGTH(state)) FROM " + DATABASE
                + ".courseware_studentmodule GROUP BY module_type ORDER BY module_type");

    assertThat(states).extracting(row -> row.get(0))
        .containsExactly("chapter", "course", "problem", "sequential", "video");
    for (List<String> row : states) {
      assertThat(row.get(2)).as(row.get(0) + ": valid JSON states").isEqualTo(row.get(1));
    }
    assertThat(
            server.query(
                "SELECT JSON_VALUE(state, '$.score.raw_possible') >= 1, JSON_EXISTS(state, '$.correct_map'),"
                    + " JSON_EXISTS(state, '$.student_answers') FROM " + DATABASE
                    + ".courseware_studentmodule WHERE module_type = 'problem' LIMIT 1"))
        .containsExactly(List.of("1", "1", "1"));
  }
}
