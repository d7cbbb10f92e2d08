package io.lanes.steps.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config on the {@code [preview]} sections: the same messages the plugin gives on a push (PreviewMapIT). */
class CheckConfigPreviewTest {
  /** Two platforms; previews are appended per test. */
  static final String PLATFORMS =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
      [platform "globex"]
        namespace = openedx-acme-c7
        cluster = prod
      [cluster "prod"]
        server = https://10.0.0.10:6443
      """;

  @TempDir Path dir;

  @Test
  @DisplayName("a preview section with defaults passes and is counted")
  void validPreviewPasses() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(
        file,
        PLATFORMS.replace("openedx-acme-c7", "openedx-globex")
            + "[preview \"acme\"]\n  lmsHost = learn.acme.example.org\n  host = c{change}.preview.acme.example.org\n"
            + "  cpu = 2500m\n  memory = 6Gi\n  objects = 40\n  ttlHours = 24\n  mysqlMemory = 768Mi\n"
            + "  mysqlStorage = 2Gi\n  seed = demo-course\n");

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(file + ": ok (2 platforms, 1 cluster, 0 backups, 1 preview)\n");
  }

  @Test
  @DisplayName("every preview problem is named by its key, exit 2: outside the lane, no change, another platform's"
      + " namespace, bad quantities, undeclared platform, missing hosts")
  void previewProblemsNamed() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(file, PLATFORMS + PreviewMessages.BAD_PREVIEWS);

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .containsExactlyElementsOf(PreviewMessages.PROBLEMS.stream().map(p -> file + ": " + p).toList());
  }

  @Test
  @DisplayName("a pattern outside the platform's namespace is refused: the preview leaves the lane")
  void namespaceOutsideLaneRefused() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(
        file,
        PLATFORMS.replace("openedx-acme-c7", "openedx-globex")
            + "[preview \"acme\"]\n  namespace = preview-{change}\n"
            + "  lmsHost = learn.acme.example.org\n  host = c{change}.preview.acme.example.org\n");

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            file + ": preview.acme.namespace: \"preview-{change}\" does not start with {namespace}-: a preview"
                + " namespace lies below its platform's namespace (openedx-acme-...), in the platform's lane\n");
  }

  @Test
  @DisplayName("a pattern whose longest namespace is no DNS label is refused, naming what it gives")
  void tooLongNamespaceRefused() throws Exception {
    Path file = dir.resolve("lanes.config");
    Files.writeString(
        file,
        PLATFORMS.replace("openedx-acme-c7", "openedx-globex")
            + "[preview \"acme\"]\n  namespace = {namespace}-preview-of-a-change-with-a-much-longer-name-{change}\n"
            + "  lmsHost = learn.acme.example.org\n  host = c{change}.preview.acme.example.org\n");

    StepRun run = StepRun.of("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            file + ": preview.acme.namespace: \"{namespace}-preview-of-a-change-with-a-much-longer-name-{change}\" gives"
                + " \"openedx-acme-preview-of-a-change-with-a-much-longer-name-2147483647\" for change 2147483647, not a"
                + " DNS-1123 label (lowercase letters, digits and '-', at most 63 characters, starting and ending"
                + " with a letter or digit)\n");
  }
}
