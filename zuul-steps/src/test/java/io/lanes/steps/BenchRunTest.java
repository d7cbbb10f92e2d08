package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/run.sh}'s plumbing, without timing anything: the figures the benchmarks write through {@code
 * bench/lib.sh} are the ones {@code bench/figures.py} reads into the table, a figure that is not one is refused
 * naming its line and key, every benchmark of both plans is a script that exists, parses and writes figures, and the
 * render benchmark's 10 Tutor platforms make a valid map.
 */
class BenchRunTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(REPOSITORY.toFile()).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private Run table(Path figures) throws IOException, InterruptedException {
    return run("/usr/bin/python3", "bench/figures.py", figures.toString());
  }

  @Test
  @DisplayName("figures written by bench/lib.sh come out as rows of the table, with medians, spreads and verdicts")
  void libraryFiguresMakeTheTable() throws Exception {
    Path figures = dir.resolve("figures.jsonl");
    Run written =
        run(
            "bash",
            "-c",
            "source bench/lib.sh; export LANES_BENCH_RESULT=\"$1\";"
                + " printf '1.5\\n1.0\\n3.0\\n' | bench_figure 'render, generated' 'kubectl kustomize' ratio '<= 1.2'"
                + " '1.0–2.0' '';"
                + " printf '0.3\\n0.5\\n' | bench_figure 'resolve' 'no cache' s '<= 0.4' '3.1–3.3' 'wall';"
                + " printf '0.0453\\n' | bench_figure 'per change' 'query' ms '< 1' '3' '';"
                + " printf '0\\n0\\n' | bench_figure 'writes' 'kubectl | apply' count '= 0' '1' ''",
            "figures",
            figures.toString());
    assertThat(written.exit()).as(written.err()).isZero();

    Run table = table(figures);

    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out().lines().toList())
        .containsExactly(
            "| figure | anchor | target | median (min–max) | pairs | verdict | load average |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            "| render, generated | kubectl kustomize | ≤ 1.2× | 1.50× (1.00×–3.00×) | 3 | missed by 25 % | 1.0–2.0 |",
            "| resolve (wall) | no cache | ≤ 0.4 s | 0.4 s (0.3 s–0.5 s) | 2 | met | 3.1–3.3 |",
            "| per change | query | < 1 ms | 0.0453 ms | 1 | met | 3 |",
            "| writes | kubectl \\| apply | = 0 | 0 | 2 | met | 1 |");
  }

  @Test
  @DisplayName("a line that is not a figure is one error naming the file, the line and the key, exit 2")
  void badFigure() throws Exception {
    Path figures = dir.resolve("figures.jsonl");
    String good =
        "{\"figure\": \"a\", \"anchor\": \"b\", \"unit\": \"s\", \"target\": \"\", \"median\": 1, \"min\": 1,"
            + " \"max\": 1, \"pairs\": 1, \"load\": \"1\", \"note\": \"\"}";
    Files.writeString(figures, good + "\n" + good.replace("\"median\": 1, ", "") + "\n");
    assertThat(table(figures)).isEqualTo(new Run(2, "", figures + ":2: 'median' is missing\n"));

    Files.writeString(figures, good.replace("\"target\": \"\"", "\"target\": \"about 1\"") + "\n");
    assertThat(table(figures).err()).isEqualTo(figures + ":1: 'target' is not '<= N', '< N' or '= N': 'about 1'\n");

    Files.writeString(figures, good.replace("\"min\": 1", "\"min\": 2") + "\n");
    assertThat(table(figures).err()).isEqualTo(figures + ":1: not min <= median <= max: 2, 1, 1\n");

    Files.writeString(figures, "\n");
    assertThat(table(figures)).isEqualTo(new Run(2, "", figures + ": no figures\n"));
  }

  @Test
  @DisplayName("every benchmark of the full and the quick plan is a script that parses and writes figures")
  void plans() throws Exception {
    Set<String> full = scripts(run("bash", "bench/run.sh", "--list"));
    Set<String> quick = scripts(run("bash", "bench/run.sh", "--quick", "--list"));

    assertThat(full).contains("bench/render/bench.sh", "bench/deploy.sh", "bench/push-validation.sh", "bench/tutor.sh")
        .hasSize(8);
    assertThat(quick).isEqualTo(full);
    assertThat(names(run("bash", "bench/run.sh", "--list")))
        .contains("render-tutor", "render-tutor-10", "backup", "tutor-launch");
    assertThat(names(run("bash", "bench/run.sh", "--quick", "--list")))
        .contains("render-tutor", "render-tutor-3", "backup");
    for (String script : full) {
      Run syntax = run("bash", "-n", script);
      assertThat(syntax.exit()).as(script + ": " + syntax.err()).isZero();
      assertThat(Files.readString(REPOSITORY.resolve(script)))
          .as(script)
          .containsAnyOf("bench_figure ", "LANES_BENCH_RESULT");
    }
    assertThat(run("bash", "bench/run.sh", "--only", "nothing").exit()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "the render benchmark's 10 Tutor platforms: a map check-config accepts, the sample first, each other root the"
          + " sample under its own name and namespace with one of three plugin sets")
  void tutorPlatforms() throws Exception {
    Run generated = run("/usr/bin/python3", "bench/render/generate-tutor-platforms.py", dir.toString(), "10");

    assertThat(generated.exit()).as(generated.err()).isZero();
    List<String> names = generated.out().lines().toList();
    assertThat(names).hasSize(10).doesNotHaveDuplicates().first().isEqualTo("acme");
    StepRun check = StepRun.of("check-config", dir.resolve("lanes.config").toString());
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(dir.resolve("acme/config.yml"))
        .hasSameTextualContentAs(REPOSITORY.resolve("src/sample-platform/config.yml"));
    Set<String> pluginSets = new TreeSet<>();
    for (String name : names) {
      String config = Files.readString(dir.resolve(name + "/config.yml"));
      assertThat(config).contains("K8S_NAMESPACE: openedx-" + name + "\n", "LMS_HOST: learn." + name + ".example\n");
      assertThat(dir.resolve(name + "/plugins")).isDirectory();
      List<String> plugins =
          config.substring(config.indexOf("PLUGINS:\n"), config.indexOf("PLUGIN_INDEXES:")).lines().skip(1).toList();
      if (plugins.contains("- " + name)) {
        assertThat(dir.resolve(name + "/plugins/" + name + ".py")).content().contains("\"" + name + "/build\"");
      }
      if (!name.equals("acme")) {
        assertThat(config).doesNotContain("acme");
        pluginSets.add(String.join(" ", plugins).replace("- " + name, "own").replace("- ", ""));
      }
    }
    assertThat(pluginSets).containsExactly("mfe", "own", "own mfe");
    assertThat(run("/usr/bin/python3", "bench/render/generate-tutor-platforms.py", dir.resolve("x").toString(), "11")
            .exit())
        .isEqualTo(2);
  }

  /** The benchmarks' names in a plan (the first word of each line). */
  private static Set<String> names(Run list) {
    assertThat(list.exit()).as(list.err()).isZero();
    return list.out().lines().map(line -> line.split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The scripts a plan runs (the word of each line that ends in .sh). */
  private static Set<String> scripts(Run list) {
    assertThat(list.exit()).as(list.err()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).isNotEmpty();
    Set<String> scripts = new TreeSet<>();
    for (String line : lines) {
      List<String> words = new ArrayList<>(Arrays.asList(line.split(" ")));
      scripts.add(words.stream().filter(w -> w.endsWith(".sh")).findFirst().orElseThrow(() -> new AssertionError(line)));
    }
    return scripts;
  }
}
