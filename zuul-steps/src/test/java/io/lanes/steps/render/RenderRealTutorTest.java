package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.RealTutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("render of real Tutor 22 projects (tutor config save by the pinned Tutor, real kubectl kustomize, no cluster)")
class RenderRealTutorTest {
  @TempDir Path dir;

  private StepRun render(Path root) {
    return StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + ":" + SamplePlatform.PATH),
        "render", "--config", SamplePlatform.CONFIG, "--platform", "acme", "--tutor-root", root.toString(),
        "--revision", "0123456789abcdef0123456789abcdef01234567",
        "--output", dir.resolve("out").toString(), "--result", dir.resolve("result.json").toString());
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  @DisplayName("the sample Tutor project's committed env/ is exactly what tutor config save writes, and it renders into acme's lane")
  void sampleProjectIsTutorsOwnAndRenders() throws IOException {
    Path root = RealTutor.copySources(dir.resolve("acme"));

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path committed = RealTutor.SAMPLE.resolve("env");
    assertThat(files(root.resolve("env"))).isEqualTo(files(committed));
    for (String file : files(committed)) {
      assertThat(Files.readString(root.resolve("env").resolve(file))).as(file).isEqualTo(Files.readString(committed.resolve(file)));
    }
    assertThat(run.out()).contains("38 objects rendered for acme");
    String bundle = Files.readString(dir.resolve("out/rendered.yaml"));
    assertThat(bundle).contains("name: mfe\n").contains("image: localhost:5000/acme/openedx:latest-acme")
        .contains("namespace: openedx-acme");
  }

  @Test
  @DisplayName("the preview and the result list the init tasks deploy runs, as Tutor reads them: in Tutor's order, each with its plugin or Tutor and its Job template")
  void listsTheInitTasks() throws IOException {
    Path root = RealTutor.copySources(dir.resolve("acme"));
    JsonNode tutors = new ObjectMapper().readTree(RealTutor.tasks(root)).path("init");

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("6 init tasks\n");
    JsonNode listed = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).path("lanes").path("render").path("init_tasks");
    assertThat(listed).hasSize(tutors.size()).hasSize(6);
    for (int i = 0; i < tutors.size(); i++) {
      assertThat(listed.get(i).path("order").asInt()).isEqualTo(i + 1);
      assertThat(listed.get(i).path("task").asText()).isEqualTo(tutors.get(i).path("app").asText());
      assertThat(listed.get(i).path("job").asText()).isEqualTo(tutors.get(i).path("service").asText() + "-job");
      assertThat(listed.get(i).path("script_sha256").asText()).isEqualTo(tutors.get(i).path("script_sha256").asText());
      assertThat(listed.get(i).has("live")).isFalse();
    }
    assertThat(listed.get(5).path("from").asText()).isEqualTo("plugin mfe 22.1.0");
    assertThat(listed.get(4).path("from").asText()).isEqualTo("Tutor 22.0.3");
    String preview = Files.readString(dir.resolve("out/preview.md"));
    assertThat(preview).contains("### Init tasks: 6, in Tutor's order")
        .contains("| 6 | mfe | plugin mfe 22.1.0 | `lms-job` | `sha256:" + tutors.get(5).path("script_sha256").asText().substring(0, 12) + "` |\n")
        .contains("| 2 | mysql | Tutor 22.0.3 | `mysql-job` |");
  }

  @Test
  @DisplayName("a committed env that Tutor writes otherwise (a hand-edited file) is rendered as Tutor writes it, with a warning naming the file: deploy refuses it")
  void warnsOfAnEnvTutorDoesNotWrite() throws IOException {
    Path root = RealTutor.copySources(dir.resolve("acme"));
    RealTutor.tutor(root, "config", "save");
    Path jobs = root.resolve("env/k8s/jobs.yml");
    Files.writeString(jobs, Files.readString(jobs) + "# edited by hand\n");

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("warning: " + root.resolve("env") + " as committed is not what tutor config save"
        + " writes (env/k8s/jobs.yml (changed)): rendered Tutor's env; deploy refuses the committed one until Tutor's is committed\n");
    assertThat(Files.readString(jobs)).doesNotContain("# edited by hand");
  }

  @Test
  @DisplayName("Tutor's default images (docker.io) are all the lane policy refuses in a real Tutor env: exit 3, one line per container")
  void tutorsDefaultImagesAreRefused() throws IOException {
    Path root = dir.resolve("defaults");
    Files.createDirectories(root);
    Files.writeString(root.resolve("config.yml"), "K8S_NAMESPACE: openedx-acme\nPLUGINS:\n- mfe\n");

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    List<String> violations = run.err().lines().filter(l -> l.matches("^[A-Za-z]+/[a-z0-9-]+: .*")).toList();
    assertThat(violations).hasSize(14)
        .allMatch(l -> l.matches(".*image \"docker\\.io/[^\"]+\" is not allowed \\(allowed: localhost:5000/acme/\\)"), "an image refusal")
        .contains("Deployment/mfe: container \"mfe\" image \"docker.io/overhangio/openedx-mfe:22.1.0\" is not allowed (allowed: localhost:5000/acme/)")
        .contains("Job/mysql-job: container \"mysql\" image \"docker.io/mysql:8.4.11\" is not allowed (allowed: localhost:5000/acme/)");
  }
}
