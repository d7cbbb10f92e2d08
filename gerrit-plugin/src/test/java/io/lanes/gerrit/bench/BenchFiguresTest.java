package io.lanes.gerrit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BenchFigures}: the Java benchmarks' figures are lines bench/figures.py reads into bench/run.sh's table. */
class BenchFiguresTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  @DisplayName("appended figures, quotes and all, come out as rows of bench/figures.py's table")
  void figuresReadByTheTable() throws Exception {
    Path file = dir.resolve("figures.jsonl");
    BenchFigures figures = new BenchFigures(file);
    figures.append("check \"p99\"", "parser events", "ms", "< 20", 17.25, 17.25, 17.25, 300, "p50 9.0 ms");
    figures.append("check / floor", "parser events", "ratio", "", 1.5, 1.25, 2.0, 300, "wall");

    Process table =
        new ProcessBuilder("/usr/bin/python3", "bench/figures.py", file.toString())
            .directory(REPOSITORY.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(table.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(table.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(table.exitValue()).as(out).isZero();
    assertThat(out.lines().skip(2).map(line -> line.substring(0, line.lastIndexOf(" | "))))
        .containsExactly(
            "| check \"p99\" (p50 9.0 ms) | parser events | < 20 ms | 17.2 ms | 300 | met",
            "| check / floor (wall) | parser events |  | 1.50× (1.25×–2.00×) | 300 | ");
  }

  @Test
  @DisplayName("a setting that is not a positive integer is refused naming the variable")
  void setting() {
    assertThat(BenchFigures.setting("LANES_BENCH_RUNS", null, 7)).isEqualTo(7);
    assertThat(BenchFigures.setting("LANES_BENCH_RUNS", " 30 ", 7)).isEqualTo(30);
    assertThatThrownBy(() -> BenchFigures.setting("LANES_BENCH_RUNS", "0", 7))
        .hasMessage("LANES_BENCH_RUNS: not a positive integer: 0");
    assertThatThrownBy(() -> BenchFigures.setting("LANES_BENCH_RUNS", "many", 7))
        .hasMessage("LANES_BENCH_RUNS: not a positive integer: many");
  }
}
