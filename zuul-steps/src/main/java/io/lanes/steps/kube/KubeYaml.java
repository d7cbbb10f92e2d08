package io.lanes.steps.kube;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kubernetes objects as people read them and kubectl takes them: fabric8's serialization (quantities as {@code 384Mi},
 * a string that looks like a number quoted), with quotes only where YAML needs them.
 */
public final class KubeYaml {
  private static final KubernetesSerialization WRITER =
      new KubernetesSerialization(
          JsonMapper.builderWithJackson2Defaults().build(),
          true,
          new YamlDumpSettingsBuilder().setMinimizeQuotes(true).build());

  private KubeYaml() {}

  /** One object (a model object or maps) as a YAML document starting with {@code ---}. */
  public static String document(Object object) {
    String yaml = WRITER.asYaml(object);
    return yaml.startsWith("---\n") ? yaml : "---\n" + yaml;
  }
}
