package io.lanes.core.policy;

import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes object as the policy sees it: its identity, where it came from and its whole content as plain maps,
 * lists and scalars.
 *
 * @param apiVersion the object's {@code apiVersion}
 * @param kind the object's {@code kind}
 * @param namespace {@code metadata.namespace}, empty when unset (render sets it)
 * @param name {@code metadata.name}, empty text when unset
 * @param file the file the object came from, relative to the repository root
 * @param line the 1-based line where the object starts, or 0 when unknown
 * @param content the whole parsed object
 */
public record KubeManifestObject(
    String apiVersion,
    String kind,
    Optional<String> namespace,
    String name,
    String file,
    int line,
    Map<String, Object> content) {

  /** {@code kind/name}, as messages name an object. */
  public String id() {
    return kind + "/" + name;
  }
}
