package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.ResultSchemaTest;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("render of the sample Tutor project (real Tutor 22) against a live release on the real control plane: the init tasks this change adds, and those deploy runs again")
class RenderInitTasksAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private StepRun render(Path project, Path result) {
    return StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()),
        "render", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(),
        "--output", dir.resolve("out").toString(), "--result", result.toString());
  }

  @Test
  @DisplayName("a live release that ran Tutor's five core tasks (before the mfe plugin), its keys placeholders: the mfe plugin's task is the one new task, the five others changed, in the preview, the result and the review's lines")
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

    StepRun run = render(project, result);

    assertThat(run.exitCode()).as(run.err()).isZero();
    // the record's keys are placeholders, no Job's: the five tasks it had are changed (deploy would run them again)
    assertThat(run.out()).contains("6 init tasks: 1 new, 5 changed, 0 no longer run\n");
    JsonNode document = new ObjectMapper().readTree(result.toFile());
    JsonNode tasks = document.path("lanes").path("render").path("init_tasks");
    assertThat(tasks).extracting(t -> t.path("order").asInt() + " " + t.path("task").asText() + " " + t.path("live").asText())
        .containsExactly("1 lms changed", "2 mysql changed", "3 meilisearch changed", "4 lms changed", "5 cms changed",
            "6 mfe new");
    assertThat(document.path("lanes").path("render").path("init_tasks_removed")).isEmpty();
    String preview = Files.readString(dir.resolve("out/preview.md"));
    assertThat(preview).contains("This change adds 1 init task and changes 5 init tasks: deploy runs them again.")
        .containsPattern("\\| 6 \\| mfe \\| plugin mfe 22\\.1\\.0 \\| `lms-job` \\| `sha256:[0-9a-f]{12}` \\| \\*\\*new\\*\\* \\|\n")
        .contains("| 5 | cms | Tutor 22.0.3 | `cms-job` |");
    StageReport review = StageReport.of(document, result);
    assertThat(review.items()).contains("init task 6 (mfe, in lms-job) new");
    assertThat(review.summary()).endsWith("; 1 new init task; 5 init tasks run again");
    assertThat(kube.writes()).noneMatch(w -> !w.dryRun());
  }

  private StepRun deploy(Path project, String holder) {
    return StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()),
        "deploy", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(), "--holder", holder,
        "--poll-interval", "200");
  }

  private List<String> jobsCreated() {
    return kube.writes().stream()
        .filter(w -> w.verb().equals("create") && w.resource().equals("jobs") && !w.dryRun())
        .map(KubeCluster.Write::name)
        .toList();
  }

  @Test
  @DisplayName("a deployed release, then a change to one task's script (a Tutor setting): render says changed for exactly that task and live for the others, and the next deploy runs exactly that task")
  void changedScriptIsChangedOthersLive() throws Exception {
    Path project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    RealTutor.enableTestPlugin(project, "lanestest_inittask");
    RealTutor.commit(project, "a plugin with an init task in lms-job");
    StepRun first = deploy(project, "build-1");
    assertThat(first.exitCode()).as(first.err()).isZero();
    RealTutor.tutor(project, "config", "save", "--set", "LANESTEST_INIT_MESSAGE=second");
    RealTutor.commit(project, "LANESTEST_INIT_MESSAGE: the plugin's task says something else");
    Path result = dir.resolve("result.json");
    int jobs = jobsCreated().size();

    StepRun run = render(project, result);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("7 init tasks: 0 new, 1 changed, 0 no longer run\n");
    JsonNode document = new ObjectMapper().readTree(result.toFile());
    JsonNode tasks = document.path("lanes").path("render").path("init_tasks");
    assertThat(tasks).extracting(t -> t.path("task").asText() + " " + t.path("live").asText())
        .containsExactly("lms live", "mysql live", "meilisearch live", "lms live", "cms live",
            "lanestest_inittask changed", "mfe live");
    assertThat(ResultSchemaTest.errors(document)).isEmpty();
    String preview = Files.readString(dir.resolve("out/preview.md"));
    assertThat(preview).contains("This change adds no init task and changes 1 init task: deploy runs it again.")
        .containsPattern("\\| 6 \\| lanestest_inittask \\| plugin lanestest_inittask [^|]*\\| `lms-job` \\| `sha256:[0-9a-f]{12}` \\|"
            + " \\*\\*changed\\*\\*: runs again \\|\n")
        .contains("| 5 | cms | Tutor 22.0.3 | `cms-job` |");
    StageReport review = StageReport.of(document, result);
    assertThat(review.items()).contains("init task 6 (lanestest_inittask, in lms-job) changed: runs again")
        .noneMatch(i -> i.startsWith("init task ") && !i.startsWith("init task 6 "));
    assertThat(review.summary()).endsWith("; 1 init task runs again");
    assertThat(jobsCreated()).as("render creates no Job").hasSize(jobs);

    // what render said is what deploy does: it runs that one task again, and no other
    StepRun again = deploy(project, "build-2");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(jobsCreated().subList(jobs, jobsCreated().size())).singleElement().asString().startsWith("lms-job-06-");
    assertThat(again.err()).contains("init task 6 (lanestest_inittask, in lms-job): running as Job/lms-job-06-")
        .contains("init task 4 (lms, in lms-job): ran before with the same script and Job");
  }
}
