package io.lanes.steps.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.testing.RealTutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TutorEnv: env/ compared with what the real tutor config save writes from config.yml and plugins/")
class TutorEnvTest {
  @TempDir Path dir;

  private static Map<String, String> environment() {
    return Map.of("PATH", RealTutor.bin().toString());
  }

  private static Path tutor() {
    return RealTutor.bin().resolve("tutor");
  }

  /** The sample Tutor project with its env written by the real Tutor. */
  private Path project() {
    Path root = RealTutor.copySources(dir.resolve("acme"));
    RealTutor.tutor(root, "config", "save");
    return root;
  }

  @Test
  @DisplayName("files changed, missing and not written by Tutor, in path order; equal trees have none (pure)")
  void differences() {
    Map<String, String> committed = Map.of("k8s/jobs.yml", "sha256:a", "k8s/extra.yml", "sha256:x", "kustomization.yml", "sha256:k");
    Map<String, String> written = Map.of("k8s/jobs.yml", "sha256:b", "k8s/volumes.yml", "sha256:v", "kustomization.yml", "sha256:k");

    List<TutorEnv.Difference> differences = TutorEnv.differences(committed, written);

    assertThat(differences).extracting(TutorEnv.Difference::toString)
        .containsExactly("k8s/extra.yml (not written by Tutor)", "k8s/jobs.yml (changed)", "k8s/volumes.yml (missing)");
    assertThat(TutorEnv.differences(written, written)).isEmpty();
  }

  @Test
  @DisplayName("an error names at most five files and says how many more (pure)")
  void namesFiveFiles() {
    List<TutorEnv.Difference> differences = new java.util.ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      differences.add(new TutorEnv.Difference("k8s/f" + i + ".yml", TutorEnv.Difference.Kind.CHANGED));
    }

    assertThat(TutorEnv.named(differences)).isEqualTo(
        "env/k8s/f1.yml (changed), env/k8s/f2.yml (changed), env/k8s/f3.yml (changed), env/k8s/f4.yml (changed),"
            + " env/k8s/f5.yml (changed) and 2 more");
  }

  @Test
  @DisplayName("the env Tutor wrote passes; Tutor runs on a copy, the project is not written to")
  void tutorsOwnEnvPasses() throws Exception {
    Path root = project();
    Map<String, String> before = TutorEnv.digests(root);

    int files = TutorEnv.check(tutor(), root, environment());

    assertThat(files).isEqualTo(TutorEnv.digests(root.resolve("env")).size()).isGreaterThan(50);
    assertThat(TutorEnv.digests(root)).isEqualTo(before);
  }

  @Test
  @DisplayName("a hand-edited file, a hand-added file and a deleted file are refused: exit 2, each named, with the command that writes the env")
  void handEditedEnvIsRefused() throws Exception {
    Path root = project();
    Path deployments = root.resolve("env/k8s/deployments.yml");
    Files.writeString(deployments, Files.readString(deployments) + "# edited by hand\n");
    Files.writeString(root.resolve("env/k8s/extra.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n");
    Files.delete(root.resolve("env/k8s/volumes.yml"));

    assertThatThrownBy(() -> TutorEnv.check(tutor(), root, environment()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage(root.resolve("env") + " is not what tutor config save writes from config.yml and plugins/: 3 files"
            + " differ: env/k8s/deployments.yml (changed), env/k8s/extra.yml (not written by Tutor),"
            + " env/k8s/volumes.yml (missing); nothing was applied. Write the env with Tutor and commit it: cd " + root
            + " && rm -rf env && TUTOR_PLUGINS_ROOT=$PWD/plugins tutor --root . config save");
  }

  @Test
  @DisplayName("a config.yml without the secrets Tutor generated: the env differs on every save, and the error says Tutor writes config.yml otherwise too")
  void configWithoutGeneratedValues() throws Exception {
    Path root = project();
    Path config = root.resolve("config.yml");
    Files.writeString(config, Files.readString(config).replaceFirst("(?m)^MYSQL_ROOT_PASSWORD: .*\n", ""));
    assertThat(Files.readString(config)).doesNotContain("MYSQL_ROOT_PASSWORD");

    assertThatThrownBy(() -> TutorEnv.check(tutor(), root, environment()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining(" (changed)")
        .hasMessageContaining("Write the env with Tutor and commit it (and config.yml, which Tutor writes otherwise too:"
            + " it fills in the values it generates): cd " + root);
  }

  @Test
  @DisplayName("a platform plugin's template changed in plugins/ without saving the env: refused, naming the file Tutor now writes otherwise")
  void pluginChangedButEnvNotSaved() throws Exception {
    Path root = project();
    Path template = root.resolve("plugins/acme/templates/acme/build/openedx/Dockerfile");
    Files.writeString(template, Files.readString(template) + "\n# changed in the plugin, env not saved\n");

    assertThatThrownBy(() -> TutorEnv.check(tutor(), root, environment()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("1 file differs: env/plugins/acme/build/openedx/Dockerfile (changed);");
  }
}
