package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.StepException;
import io.lanes.steps.StepRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Tutor envs against render with real {@code kubectl kustomize}: each ends in seconds with one line naming
 * the file and the bound (exit 2) or the object and the rule (exit 3), never a stack trace or a killed process.
 */
@Timeout(60)
class RenderHostileInputTest {
  @TempDir Path dir;

  private StepRun render(Path root, String... extra) {
    String[] args = {
      "render", "--config", SamplePlatform.CONFIG, "--platform", "acme", "--revision", "abc123",
      "--tutor-root", root.toString(), "--output", dir.resolve("out").toString()
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return StepRun.withEnvironment(Map.of("PATH", SamplePlatform.PATH), all);
  }

  /** Nine aliases a level, nine levels: 387 million values once expanded, 82 aliases in the file. */
  static String billionLaughs() {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n");
    yaml.append("  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("  a").append(i).append(": &a").append(i).append(" [");
      yaml.append(String.join(", ", Collections.nCopies(9, "*a" + (i - 1)))).append("]\n");
    }
    return yaml.toString();
  }

  @Test
  @DisplayName("a billion-laughs env exits 2 naming the file and the alias-expansion limit, in seconds")
  void billionLaughsEnv() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    SamplePlatform.addResource(root, "k8s/lol.yml", billionLaughs());

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .endsWith("env/k8s/lol.yml:11: more than 1000000 values once aliases are expanded (the limit)\n")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  @DisplayName("kustomize itself runs under a memory limit: a billion-laughs tree ends in its out-of-memory error")
  void kustomizeMemoryLimit() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("kustomization.yml"), "resources: [lol.yml]\n");
    Files.writeString(tree.resolve("lol.yml"), billionLaughs());
    Kustomize kustomize = Kustomize.locate(Optional.empty(), Map.of("PATH", SamplePlatform.PATH));
    long start = System.nanoTime();

    assertThatThrownBy(() -> kustomize.build(tree))
        .isInstanceOf(StepException.class)
        .hasMessage(
            tree + ": kustomize ran out of its memory limit of 2048 MiB (YAML aliases that expand without end, or an"
                + " env far larger than a platform's)");
    assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(30);
  }

  @Test
  @DisplayName("maps nested deeper than the limit exit 2 naming the file and line")
  void deepNestingEnv() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Files.writeString(root.resolve("env/k8s/deep.yml"), "a: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n");

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).endsWith("env/k8s/deep.yml:1: more than 100 levels of nested maps and lists (the limit)\n");
  }

  @Test
  @DisplayName("a binary .yml file in the env exits 2 naming it as binary")
  void binaryFileInEnv() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Files.write(root.resolve("env/k8s/blob.yml"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).endsWith("env/k8s/blob.yml: a binary file, not text (a NUL byte at character 7)\n");
  }

  @Test
  @DisplayName("a Latin-1 .yml file in the env exits 2 naming it as invalid UTF-8")
  void invalidUtf8InEnv() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    Files.write(
        root.resolve("env/k8s/latin1.yml"),
        "metadata: {name: caf\u00e9}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).endsWith("env/k8s/latin1.yml: not valid UTF-8 text (an undecodable byte at character 20)\n");
  }

  @Test
  @DisplayName("a ClusterRoleBinding wrapped in a kind: List exits 3 naming the binding, as the plugin does")
  void listIsUnwrapped() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    SamplePlatform.addResource(
        root,
        "k8s/list.yml",
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: take-over}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
            subjects: [{kind: ServiceAccount, name: default, namespace: openedx-acme}]
        """);

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).endsWith("ClusterRoleBinding/take-over: a ClusterRoleBinding grants rights across the whole cluster\n");
  }

  @Test
  @DisplayName("privileged: yes (true to kubectl's YAML 1.1) exits 3 with the same line the plugin gives")
  void privilegedYesRefused() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    SamplePlatform.addResource(
        root,
        "k8s/yes.yml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: sneaky}
        spec:
          containers:
            - name: c
              image: localhost:5000/acme/openedx:1
              securityContext: {privileged: yes}
        """);

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .endsWith(
            "Pod/sneaky: container \"c\" privileged is \"yes\", not a boolean: YAML 1.1 readers such as kubectl's may"
                + " read it as true (write true or false)\n");
  }

  @Test
  @DisplayName("a VolumeSnapshotContent (another platform's Cinder snapshot) exits 3, as any kind not allowed")
  void volumeSnapshotContentRefused() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));
    SamplePlatform.addResource(
        root,
        "k8s/snap.yml",
        """
        apiVersion: snapshot.storage.k8s.io/v1
        kind: VolumeSnapshotContent
        metadata: {name: globex-db}
        spec:
          deletionPolicy: Retain
          driver: cinder.csi.openstack.org
          source: {snapshotHandle: 5b1f0c1e-globex}
          volumeSnapshotRef: {name: db, namespace: openedx-acme}
        """);

    StepRun run = render(root);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .endsWith(
            "VolumeSnapshotContent/globex-db: cluster-scoped VolumeSnapshotContent is outside the platform's"
                + " namespace openedx-acme\n");
  }

  @Test
  @DisplayName("--artifact-url with credentials exits 2 without echoing them")
  void artifactUrlCredentialsRefused() throws Exception {
    Path root = SamplePlatform.copyTo(dir.resolve("platform"));

    StepRun run = render(root, "--artifact-url", "https://zuul:canary-7c1f9e@logs.example.org/build/");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "--artifact-url: the URL holds credentials (user:password@); command lines show in logs: give credentials"
                + " through the step's credential files or environment, never in a URL\n")
        .doesNotContain("canary-7c1f9e");
  }
}
