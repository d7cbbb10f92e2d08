package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.report.StageReport;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("render of the sample Tutor project (real Tutor 22) against a live release on the real control plane: the init tasks this change adds")
class RenderInitTasksAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  @Test
  @DisplayName("a live release that ran Tutor's five core tasks (before the mfe plugin): the mfe plugin's task is the one new task, in the preview, the result and the review's lines")
  void pluginTaskIsNew() throws Exception {
    Path project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    TreeMap<String, String> ran = new TreeMap<>();
    for (String task : new String[] {"01-lms", "02-mysql", "03-meilisearch", "04-lms", "05-cms"}) {
      ran.put(task, "sha256:" + "0".repeat(64));
    }
    new ReleaseStore(kube.client(), kube.namespace(), "acme").add(new ReleaseRecord(1, "acme", "0".repeat(40),
        Optional.empty(), Optional.empty(), "latest-acme", new TreeMap<>(), "sha256:" + "1".repeat(64), new TreeMap<>(),
        Instant.parse("2026-12-01T00:00:00Z"), "test", ran));
    Path result = dir.resolve("result.json");

    StepRun run = StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()),
        "render", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(),
        "--output", dir.resolve("out").toString(), "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("6 init tasks: 1 new, 0 no longer run\n");
    JsonNode document = new ObjectMapper().readTree(result.toFile());
    JsonNode tasks = document.path("lanes").path("render").path("init_tasks");
    assertThat(tasks).extracting(t -> t.path("order").asInt() + " " + t.path("task").asText() + " " + t.path("live").asText())
        .containsExactly("1 lms live", "2 mysql live", "3 meilisearch live", "4 lms live", "5 cms live", "6 mfe new");
    assertThat(document.path("lanes").path("render").path("init_tasks_removed")).isEmpty();
    String preview = Files.readString(dir.resolve("out/preview.md"));
    assertThat(preview).contains("This change adds 1 init task.")
        .containsPattern("\\| 6 \\| mfe \\| plugin mfe 22\\.1\\.0 \\| `lms-job` \\| `sha256:[0-9a-f]{12}` \\| \\*\\*new\\*\\* \\|\n")
        .contains("| 5 | cms | Tutor 22.0.3 | `cms-job` |");
    StageReport review = StageReport.of(document, result);
    assertThat(review.items()).contains("init task 6 (mfe, in lms-job) new");
    assertThat(review.summary()).endsWith("; 1 new init task");
    assertThat(kube.writes()).noneMatch(w -> !w.dryRun());
  }
}
