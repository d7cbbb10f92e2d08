package io.lanes.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Kubernetes objects from multi-document YAML, keeping the line where each document starts. Documents without
 * {@code apiVersion} and {@code kind} are skipped: a Tutor env holds other YAML too. A {@code kind: List} is one
 * object here; {@link LanePolicy} checks its items. Input is bounded: size, nesting depth and alias expansion (see
 * {@link YamlDocuments}), and a binary or non-UTF-8 file is a syntax error naming the file.
 */
public final class KubeManifestParser {
  private KubeManifestParser() {}

  /**
   * The Kubernetes objects in {@code yamlText}, in file order.
   *
   * @param file the file's path, used in positions and errors
   * @throws ManifestSyntaxException when the text is not YAML, naming file and line
   */
  public static List<KubeManifestObject> parse(String file, String yamlText) throws ManifestSyntaxException {
    List<KubeManifestObject> objects = new ArrayList<>();
    for (YamlDocuments.Document document : YamlDocuments.load(file, yamlText)) {
      if (!(document.value() instanceof Map<?, ?> raw)) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> content = (Map<String, Object>) raw;
      Object apiVersion = content.get("apiVersion");
      Object kind = content.get("kind");
      if (!(apiVersion instanceof String) || !(kind instanceof String)) {
        continue;
      }
      Map<String, Object> metadata = PlainData.map(content.get("metadata"));
      objects.add(
          new KubeManifestObject(
              (String) apiVersion,
              (String) kind,
              Optional.ofNullable(PlainData.string(metadata.get("namespace"))),
              Optional.ofNullable(PlainData.string(metadata.get("name"))).orElse(""),
              file,
              document.line(),
              content));
    }
    return objects;
  }
}
