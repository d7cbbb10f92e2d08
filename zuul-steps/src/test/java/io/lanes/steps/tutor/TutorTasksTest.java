package io.lanes.steps.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.testing.RealTutor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TutorTasks reads a Tutor project's init tasks from the real, pinned Tutor")
class TutorTasksTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the sample project's tasks come from Tutor 22 and its mfe plugin, in Tutor's order, rendered with the project's config")
  void readsTheSampleProjectsTasks() {
    Path project = RealTutor.sampleProject(dir.resolve("p"), "openedx-acme");

    TutorProject read = TutorTasks.read(project, Map.of("PATH", RealTutor.bin().toString())).orElseThrow();

    assertThat(read.tutorVersion()).isEqualTo("22.0.3");
    assertThat(read.openedxRelease()).isEqualTo("verawood");
    // the platform's own plugin (its plugins/, Tutor's plugins root as Lanes sets it) names its file as its version
    assertThat(read.plugins()).containsExactly("acme " + project.toAbsolutePath().resolve("plugins/acme.py"), "mfe 22.1.0");
    assertThat(read.initTasks()).extracting(InitTask::app).containsExactly("lms", "mysql", "meilisearch", "lms", "cms", "mfe");
    assertThat(read.initTasks()).extracting(InitTask::service).containsExactly("lms", "mysql", "lms", "lms", "cms", "lms");
    assertThat(read.initTasks().get(1).script()).startsWith("echo \"Initialising MySQL...\"").doesNotContain("{{");
    assertThat(read.initTasks().get(3).script()).contains("learn.acme.example");
    assertThat(read.doJobNames()).contains("createuser", "importdemocourse", "settheme", "tests").doesNotContain("init");
  }

  @Test
  @DisplayName("no config.yml, or no tutor on PATH: nothing to read")
  void notATutorProject() throws Exception {
    assertThat(TutorTasks.read(dir, Map.of("PATH", RealTutor.bin().toString()))).isEmpty();
    Files.writeString(dir.resolve("config.yml"), "PLUGINS: []\n");
    assertThat(TutorTasks.read(dir, Map.of("PATH", dir.resolve("nothing-here").toString()))).isEmpty();
  }

  @Test
  @DisplayName("a config.yml enabling a plugin that is not installed is a configuration error (exit 2) in one line")
  void unknownPluginIsAConfigurationError() throws Exception {
    Files.writeString(dir.resolve("config.yml"), "PLUGINS:\n- no-such-plugin\n");

    assertThatThrownBy(() -> TutorTasks.read(dir, Map.of("PATH", RealTutor.bin() + File.pathSeparator + "/usr/bin:/bin")))
        .isInstanceOfSatisfying(StepException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
          assertThat(e.getMessage()).doesNotContain("\n").contains("no-such-plugin");
        });
  }

  @Test
  @DisplayName("the helper's JSON without a script is a failure naming the root")
  void malformedHelperOutput() {
    assertThatThrownBy(() -> TutorTasks.parse("{\"tutor\":\"22.0.3\",\"init\":[{\"order\":1,\"service\":\"lms\"}]}", dir))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILURE))
        .hasMessageContaining(dir.toString()).hasMessageContaining("no \"script\"");
  }
}
