package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceIndexTest {
  @TempDir Path dir;

  private SourceIndex index() throws Exception {
    Path env = Files.createDirectories(dir.resolve("repo/env/k8s"));
    Files.writeString(
        env.resolve("deployments.yml"),
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: lms\n---\n# the LMS\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\n");
    Files.writeString(env.resolve("settings.yml"), "not: [kubernetes\n");
    Files.writeString(
        dir.resolve("repo/env/kustomization.yml"),
        "resources:\n- k8s/deployments.yml\nconfigMapGenerator:\n- name: openedx\n  files: [a]\n- name: openedx-config\n  files: [b]\n");
    return SourceIndex.of(dir.resolve("repo"), dir.resolve("repo/env"));
  }

  @Test
  @DisplayName("an object from a file is placed on the first line of its YAML document, relative to the root")
  void locatesDocuments() throws Exception {
    SourceIndex index = index();

    assertThat(index.locate("Deployment", "lms")).isEqualTo(new SourceIndex.Source("env/k8s/deployments.yml", 8));
    assertThat(index.locate("Service", "lms")).isEqualTo(new SourceIndex.Source("env/k8s/deployments.yml", 2));
  }

  @Test
  @DisplayName("the fields notable changes are about are placed on their own lines: replicas, a container's image and"
      + " resources, init containers and CronJobs too")
  void locatesNotableFields() throws Exception {
    Path env = Files.createDirectories(dir.resolve("repo/env/k8s"));
    Files.writeString(env.resolve("workers.yml"), String.join("\n",
        "apiVersion: apps/v1",            // 1
        "kind: Deployment",
        "metadata:",
        "  name: lms-worker",
        "spec:",                           // 5
        "  replicas: 2",
        "  template:",
        "    spec:",
        "      initContainers:",
        "      - name: wait",              // 10
        "        image: busybox",
        "      containers:",
        "      - name: worker",
        "        resources:",
        "          limits: {memory: 1Gi}", // 15
        "        image: openedx",
        "---",
        "apiVersion: batch/v1",
        "kind: CronJob",
        "metadata: {name: backup}",        // 20
        "spec:",
        "  jobTemplate:",
        "    spec:",
        "      template:",
        "        spec:",                   // 25
        "          containers: [{name: backup, image: tools}]",
        ""));
    Files.writeString(dir.resolve("repo/env/kustomization.yml"), "resources:\n- k8s/workers.yml\n");

    SourceIndex index = SourceIndex.of(dir.resolve("repo"), dir.resolve("repo/env"));

    assertThat(index.locate("Deployment", "lms-worker").fieldLines())
        .containsOnly(
            entry("replicas", 6),
            entry("containers.wait.image", 11),
            entry("containers.worker.resources", 14),
            entry("containers.worker.image", 16));
    assertThat(index.locate("CronJob", "backup").fieldLines()).containsOnly(
        entry("containers.backup.image", 26));
    RenderedObject worker = new RenderedObject(null, "env/k8s/workers.yml", 1,
        index.locate("Deployment", "lms-worker").fieldLines());
    assertThat(worker.lineOf("containers.worker.image")).isEqualTo(16);
    assertThat(worker.lineOf("containers.other.image")).isEqualTo(1);
  }

  @Test
  @DisplayName("a generated object is placed on its generator's name in the kustomization, the longest name winning")
  void locatesGenerators() throws Exception {
    SourceIndex index = index();

    assertThat(index.locate("ConfigMap", "openedx-config-4g8mm52f58")).isEqualTo(new SourceIndex.Source("env/kustomization.yml", 6));
    assertThat(index.locate("ConfigMap", "openedx-hccmcfm9h4")).isEqualTo(new SourceIndex.Source("env/kustomization.yml", 4));
  }

  @Test
  @DisplayName("an object from nowhere in the tree falls back to the kustomization's first line")
  void fallsBack() throws Exception {
    assertThat(index().locate("Role", "from-a-remote-base")).isEqualTo(new SourceIndex.Source("env/kustomization.yml", 1));
  }
}
