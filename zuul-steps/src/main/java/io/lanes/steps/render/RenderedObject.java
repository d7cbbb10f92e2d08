package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * One object kustomize rendered, with the source file and line it came from (for file comments and messages).
 *
 * @param resource the object, of any kind
 * @param file its source file, relative to the repository's root (forward slashes)
 * @param line the line its document starts on in {@code file}, 1-based
 * @param fieldLines the lines in {@code file} of the fields notable changes are about ({@link NotableChanges}), where
 *     the source document sets them
 */
public record RenderedObject(GenericKubernetesResource resource, String file, int line, Map<String, Integer> fieldLines) {

  public RenderedObject {
    fieldLines = Map.copyOf(fieldLines);
  }

  /** An object placed at a line, with no field lines. */
  public RenderedObject(GenericKubernetesResource resource, String file, int line) {
    this(resource, file, line, Map.of());
  }

  /** The line of {@code field} in {@link #file()}, or the object's own line when its document does not set it. */
  public int lineOf(String field) {
    return fieldLines.getOrDefault(field, line);
  }

  public String kind() {
    return resource.getKind();
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  /** The object's namespace, or null when it has none (cluster-scoped, or not yet set). */
  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  /** {@code kind/name}, the way every message names an object. */
  public String id() {
    return kind() + "/" + name();
  }

  /** Whether this is a Secret, whose data never leaves the process. */
  public boolean isSecret() {
    return "Secret".equals(kind()) && "v1".equals(resource.getApiVersion());
  }
}
