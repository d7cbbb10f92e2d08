package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

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
