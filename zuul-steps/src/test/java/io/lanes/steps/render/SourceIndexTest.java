package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

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
