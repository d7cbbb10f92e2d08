package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {
  @TempDir Path dir;

  @Test
  @DisplayName("an object from a file is located at the first line of its YAML document, relative to the root")
  void locatesDocuments() throws Exception {
    Path k8s = Files.createDirectories(dir.resolve("repo/env/k8s"));
    Files.writeString(
        k8s.resolve("deployments.yml"),
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: lms\n---\n# the LMS\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\n");
    Path overlay = Files.createDirectories(dir.resolve("overlay"));
    SourceLocator locator = new SourceLocator(dir.resolve("repo"), overlay);

    assertThat(locator.locate("path: ../repo/env/k8s/deployments.yml\n", "Deployment", "lms"))
        .isEqualTo(new SourceLocator.Source("env/k8s/deployments.yml", 8));
    assertThat(locator.locate("path: ../repo/env/k8s/deployments.yml\n", "Service", "lms"))
        .isEqualTo(new SourceLocator.Source("env/k8s/deployments.yml", 2));
  }

  @Test
  @DisplayName("a generated object is located at its generator's name in the kustomization")
  void locatesGenerators() throws Exception {
    Path env = Files.createDirectories(dir.resolve("repo/env"));
    Files.writeString(
        env.resolve("kustomization.yml"),
        "configMapGenerator:\n- name: openedx\n  files: [a]\n- name: openedx-config\n  files: [b]\n");
    SourceLocator locator = new SourceLocator(dir.resolve("repo"), dir.resolve("overlay"));
    String origin =
        "configuredIn: ../repo/env/kustomization.yml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n";

    assertThat(locator.locate(origin, "ConfigMap", "openedx-config-4g8mm52f58"))
        .isEqualTo(new SourceLocator.Source("env/kustomization.yml", 4));
    assertThat(locator.locate(origin, "ConfigMap", "openedx-hccmcfm9h4"))
        .isEqualTo(new SourceLocator.Source("env/kustomization.yml", 2));
  }
}
