package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("build-image against a real podman engine (Docker API)")
class BuildImageStepTest extends ImageStepFixture {
  /** The sample platform's own images: written into its env by Tutor from its plugin acme (src/sample-platform/plugins). */
  private static final String SAMPLE_BUILD = "../src/sample-platform/env/plugins/acme/build";
  private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
  private static final String SHELL_BASE = "localhost/lanes-test/shell:" + CHANGE;
  private static final String TAG = tag(3);

  private static String[] build(String... more) {
    return stepArgs("build-image", 3, Stream.concat(Stream.of("--revision", REVISION), Stream.of(more)).toArray(String[]::new));
  }

  @Test
  @DisplayName("builds every image of the sample platform's Tutor-written build dir, tagged with the change's tag, labelled, with the build args Tutor wrote (OPENEDX_RELEASE from OPENEDX_COMMON_VERSION)")
  void buildsSamplePlatform() throws Exception {
    Path result = dir.resolve("build.json");

    StepRun run =
        StepRun.of(build("--build-dir", SAMPLE_BUILD, "--source", "https://review.example.org/platforms",
            "--result", result.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    String openedx = registryHost + "/acme/openedx:" + TAG;
    assertThat(run.out()).isEqualTo(openedx + "\n");
    assertThat(run.err()).contains("build-image: " + openedx + " from ").contains("  openedx | ");
    try (DockerClient docker = RealImageServices.docker()) {
      InspectImageResponse image = docker.inspectImageCmd(openedx).exec();
      assertThat(image.getConfig().getLabels())
          .containsEntry("org.opencontainers.image.revision", REVISION)
          .containsEntry("org.opencontainers.image.source", "https://review.example.org/platforms")
          .containsEntry("lanes.io/change", CHANGE)
          .containsEntry("lanes.io/patchset", "3")
          .containsEntry("lanes.io/platform", "acme")
          .containsEntry("org.openedx.release", "verawood.1");
      assertThat(Files.readString(result)).contains("\"id\" : \"" + image.getId().substring(7, 19));
    }
  }

  @Test
  @DisplayName("--build-arg overrides the platform's build-args.env, build after build: no layer cached under another value")
  void buildArgOverrides() throws Exception {
    for (String release : new String[] {"teak.2", "teak.3", "teak.2"}) {
      StepRun run =
          StepRun.of(build("--build-dir", SAMPLE_BUILD, "--image", "openedx", "--build-arg", "OPENEDX_RELEASE=" + release));

      assertThat(run.exitCode()).as(run.err()).isZero();
      try (DockerClient docker = RealImageServices.docker()) {
        assertThat(docker.inspectImageCmd(registryHost + "/acme/openedx:" + TAG).exec().getConfig().getLabels())
            .as("the image built with OPENEDX_RELEASE=" + release)
            .containsEntry("org.openedx.release", release);
      }
    }
  }

  @Test
  @DisplayName("a failing RUN (a real runc container) exits 1 naming the step and its last lines, and leaves no container")
  void failingDockerfile() throws Exception {
    buildShellBase();
    Path buildDir = dir.resolve("failing");
    Files.createDirectories(buildDir.resolve("broken"));
    Files.writeString(
        buildDir.resolve("broken/Dockerfile"),
        "FROM " + SHELL_BASE + "\nRUN echo preparing the broken step\nRUN echo about to fail && exit 3\n");
    int containersBefore = containers();

    StepRun run = StepRun.of(build("--build-dir", buildDir.toString()));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern(
            "build of " + registryHost.replace(".", "\\.")
                + "/acme/broken:" + TAG + " failed at STEP 3/\\d+: RUN echo about to fail && exit 3: .*exit status 3")
        .containsPattern("last lines of the build:\n  STEP 3/\\d+: RUN echo about to fail && exit 3\n  about to fail\n")
        .doesNotContain("\tat ");
    assertThat(containers()).as("containers left behind").isEqualTo(containersBefore);
  }

  @Test
  @DisplayName("an image the build directory does not have is a configuration error (exit 2) listing those it has")
  void unknownImage() {
    StepRun run = StepRun.of(build("--build-dir", SAMPLE_BUILD, "--image", "forum"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("--image forum: no " + SAMPLE_BUILD + "/forum/Dockerfile (images: [openedx])\n");
  }

  @Test
  @DisplayName("a malformed build-args.env is a configuration error naming file and line")
  void malformedBuildArgs() throws Exception {
    Path buildDir = dir.resolve("badargs");
    Files.createDirectories(buildDir.resolve("app"));
    Files.writeString(buildDir.resolve("app/Dockerfile"), "FROM scratch\n");
    Files.writeString(buildDir.resolve("build-args.env"), "# ok\nGOOD=1\nnot an assignment\n");

    StepRun run = StepRun.of(build("--build-dir", buildDir.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(buildDir.resolve("build-args.env") + ":3: expected KEY=VALUE, got: not an assignment\n");
  }

  @Test
  @DisplayName("an unreachable engine exits 1 with one line naming it")
  void unreachableEngine() {
    StepRun run =
        StepRun.of(
            "build-image", "--config", map.toString(), "--branch", "platform/acme", "--change", CHANGE, "--patchset", "3",
            "--revision", REVISION, "--build-dir", SAMPLE_BUILD, "--docker-host", "tcp://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("docker engine tcp://127.0.0.1:1 unreachable: ");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  private static int containers() {
    try (DockerClient docker = RealImageServices.docker()) {
      return docker.listContainersCmd().withShowAll(true).exec().size();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A local base image with a shell (the host's dash and its C library): nothing can be pulled here. */
  private static void buildShellBase() throws Exception {
    Path context = Files.createTempDirectory(dir, "shell");
    Files.copy(Path.of("/bin/dash"), context.resolve("sh"));
    Files.copy(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), context.resolve("libc.so.6"));
    Files.copy(Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"), context.resolve("ld.so"));
    Files.writeString(
        context.resolve("Dockerfile"),
        """
        FROM scratch
        COPY sh /bin/sh
        COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6
        COPY ld.so /lib64/ld-linux-x86-64.so.2
        """);
    try (DockerClient docker = RealImageServices.docker()) {
      docker.buildImageCmd(context.toFile()).withTags(Set.of(SHELL_BASE)).withForcerm(true)
          .exec(new BuildImageResultCallback()).awaitImageId();
    }
  }
}
