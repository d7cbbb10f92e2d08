package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("zuul-steps render with real kubectl kustomize, no cluster")
class RenderStepTest {
  private static final Map<String, String> ENV = Map.of("PATH", SamplePlatform.PATH);

  @TempDir Path dir;

  private StepRun render(Path tutorRoot, String... extra) {
    String[] base = {
      "render", "--config", SamplePlatform.CONFIG, "--tutor-root", tutorRoot.toString(),
      "--output", dir.resolve("out").toString(), "--result", dir.resolve("result.json").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return StepRun.withEnvironment(ENV, args);
  }

  private Path zuulVars(String branch) throws Exception {
    Path vars = dir.resolve("zuul.json");
    Files.writeString(
        vars, "{\"zuul\": {\"branch\": \"" + branch + "\", \"change\": \"1234\", \"patchset\": \"5\"}}");
    return vars;
  }

  @Test
  @DisplayName("the sample platform renders into its lane: namespace, Lanes labels, images under its registry with the change's tag")
  void rendersSamplePlatform() throws Exception {
    StepRun run =
        render(
            SamplePlatform.ROOT, "--zuul-vars", zuulVars("platform/acme").toString(), "--revision", "abc123");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String bundle = Files.readString(dir.resolve("out/rendered.yaml"));
    // Tutor's env: kustomize's 36 objects, and the backup's ConfigMap and CronJob (acme has a backup in the map)
    assertThat(bundle.lines().filter(l -> l.startsWith("kind: "))).hasSize(38);
    // every object but the Namespace itself
    assertThat(bundle.lines().filter(l -> l.equals("  namespace: openedx-acme"))).hasSize(37);
    assertThat(bundle.lines().filter(l -> l.equals("    lanes.io/platform: acme"))).hasSize(38);
    assertThat(bundle.lines().filter(l -> l.equals("    lanes.io/revision: abc123"))).hasSize(38);
    assertThat(bundle.lines().filter(l -> l.equals("    app.kubernetes.io/managed-by: lanes"))).hasSize(38);
    assertThat(bundle)
        .contains("image: localhost:5000/acme/openedx:change-1234-ps-5")
        .contains("image: localhost:5000/acme/mysql:8.4.11")
        .doesNotContain("config.kubernetes.io/origin")
        .doesNotContain("image: localhost:5000/acme/openedx\n");
    assertThat(run.out())
        .isEqualTo(
            "38 objects rendered for acme into " + dir.resolve("out/rendered.yaml") + "\n"
                + "preview: " + dir.resolve("out/preview.md") + "\n");
    assertThat(run.err()).contains("render: kustomize rendered 36 objects")
        .contains("warning: " + SamplePlatform.ROOT.resolve("config.yml") + " is there but tutor is not on PATH: rendered the committed env/ as it is");
    String preview = Files.readString(dir.resolve("out/preview.md"));
    assertThat(preview)
        .startsWith("## Lanes render: acme → namespace openedx-acme\n")
        .contains("Revision `abc123`, the platform's images tagged `change-1234-ps-5`.")
        .contains("38 objects rendered; not compared with the live namespace (no cluster was given).")
        .contains("| ConfigMap | 8 |\n| CronJob | 1 |\n| Deployment | 11 |\n| Job | 3 |\n| Namespace | 1 |\n"
            + "| PersistentVolumeClaim | 5 |\n| Service | 9 |\n");
    String result = Files.readString(dir.resolve("result.json"));
    assertThat(result)
        .contains("\"platform\" : \"acme\"")
        .contains("\"image_tag\" : \"change-1234-ps-5\"")
        .contains("\"objects\" : 38")
        .contains("\"url\" : \"rendered.yaml\"")
        .contains("\"type\" : \"lanes_manifests\"");
  }

  @Test
  @DisplayName("a platform with a backup in the map gets the backup's ConfigMap and CronJob (BackupCronJob.render) in its lane")
  void backupObjectsAreRendered() throws Exception {
    StepRun run = render(SamplePlatform.ROOT, "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String bundle = Files.readString(dir.resolve("out/rendered.yaml"));
    assertThat(bundle)
        .contains("kind: CronJob\n")
        .contains("name: lanes-backup-acme")
        .contains("schedule: 30 1 * * *")
        .contains("image: localhost:5000/acme/zuul-steps:latest-acme")
        .contains("name: backup-s3")
        .doesNotContain("--encryption-recipients-env");
    assertThat(Files.readString(dir.resolve("out/preview.md"))).contains("| CronJob | 1 |");
  }

  @Test
  @DisplayName("the backup job's image flag and the map's encryption key reach the CronJob; its image is judged by the"
      + " lane policy like any other (exit 3)")
  void backupJobFlagsAndPolicy() throws Exception {
    Path map = dir.resolve("lanes.config");
    Files.writeString(map, Files.readString(Path.of(SamplePlatform.CONFIG))
        + "[backup \"nightly\"]\n\tencryptionKeyEnv = BACKUP_KEY\n");
    StepRun encrypted =
        StepRun.withEnvironment(ENV,
            "render", "--config", map.toString(), "--tutor-root", SamplePlatform.ROOT.toString(),
            "--output", dir.resolve("out").toString(), "--platform", "acme", "--revision", "abc123",
            "--backup-image", "localhost:5000/acme/backup-tools:1.2");

    assertThat(encrypted.exitCode()).as(encrypted.err()).isZero();
    assertThat(Files.readString(dir.resolve("out/rendered.yaml")))
        .contains("image: localhost:5000/acme/backup-tools:1.2")
        .contains("- --encryption-recipients-env\n")
        .contains("- BACKUP_KEY\n");

    StepRun elsewhere =
        StepRun.withEnvironment(ENV,
            "render", "--config", SamplePlatform.CONFIG, "--tutor-root", SamplePlatform.ROOT.toString(),
            "--output", dir.resolve("out2").toString(), "--platform", "acme", "--revision", "abc124",
            "--backup-image", "docker.io/someone/backup:1");

    assertThat(elsewhere.exitCode()).as(elsewhere.err()).isEqualTo(3);
    assertThat(elsewhere.err())
        .contains("CronJob/lanes-backup-acme: container \"backup\" image \"docker.io/someone/backup:1\" is not allowed");
    assertThat(dir.resolve("out2")).doesNotExist();
  }

  @Test
  @DisplayName("soft issues become warnings: an image that pins nothing, a container without limits")
  void softIssuesAreWarnings() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    SamplePlatform.addResource(
        root,
        "k8s/extra.yml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: forum
        spec:
          selector:
            matchLabels: {app: forum}
          template:
            metadata:
              labels: {app: forum}
            spec:
              containers:
                - name: forum
                  image: localhost:5000/acme/forum:latest
        """);

    StepRun run = render(root, "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("warning: Deployment/forum: container forum has no resource limits\n")
        .contains("warning: Deployment/forum: container forum uses localhost:5000/acme/forum:latest, which pins no version\n");
    assertThat(Files.readString(dir.resolve("result.json")))
        .contains("\"Deployment/forum: container forum has no resource limits\"");
  }

  @Test
  @DisplayName("malformed YAML exits 2 naming the file, and writes nothing")
  void malformedYaml() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Files.writeString(root.resolve("env/k8s/services.yml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n spec: [\n");

    StepRun run = render(root, "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(root.resolve("env") + ": kustomize failed: ")
        .contains("MalformedYAMLError")
        .contains("k8s/services.yml");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(dir.resolve("result.json")).doesNotExist();
  }

  @Test
  @DisplayName("a missing base exits 2 naming it")
  void missingBase() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Path kustomization = root.resolve("env/kustomization.yml");
    Files.writeString(kustomization, Files.readString(kustomization).replace("resources:\n", "resources:\n- ../base\n"));

    StepRun run = render(root, "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\n" + root.resolve("env") + ": kustomize failed: ").contains("'../base'");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @DisplayName("a Tutor root without env/kustomization.yml exits 2 saying what is missing")
  void noKustomization() throws Exception {
    Files.createDirectories(dir.resolve("platform/env"));

    StepRun run = render(dir.resolve("platform"), "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .endsWith("\n" + dir.resolve("platform/env") + ": no kustomization.yml (is it a Tutor env? `tutor config save` writes one)\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "an unknown platform exits 2 naming the known ones | initech | abc123"
            + " | unknown platform initech (known platforms: acme, globex)",
        "a revision that is no label value exits 2 naming the flag | acme | not a label"
            + " | --revision not a label: not a label value (at most 63 letters, digits, '-', '_' or '.')"
      })
  void refusedOptions(String what, String platform, String revision, String message) {
    StepRun run = render(SamplePlatform.ROOT, "--platform", platform, "--revision", revision);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(message + "\n");
  }

  @Test
  @DisplayName("without kubectl on PATH the step exits 2 saying so")
  void kubectlMissing() {
    StepRun run =
        StepRun.withEnvironment(
            Map.of("PATH", dir.toString()),
            "render", "--config", SamplePlatform.CONFIG, "--platform", "acme", "--revision", "abc123",
            "--tutor-root", SamplePlatform.ROOT.toString(), "--output", dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .endsWith("kubectl not found on PATH: render runs `kubectl kustomize`; install kubectl or give --kubectl FILE\n");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @DisplayName("with Tutor's config.yml but no tutor on PATH, the committed env is rendered with a warning")
  void warnsWithoutTutor() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Files.writeString(root.resolve("config.yml"), "K8S_NAMESPACE: openedx-acme\n");

    StepRun run = render(root, "--platform", "acme", "--revision", "abc123");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("warning: " + root.resolve("config.yml") + " is there but tutor is not on PATH: rendered the committed env/ as it is\n");
  }
}
