package io.lanes.steps.zuulconfig;

import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.YamlNode.Scalar;
import io.lanes.core.zuul.YamlNode.YamlMap;
import java.util.Optional;

/**
 * One top-level item of a Zuul configuration file: {@code - job: {...}}, {@code - project: {...}}...
 *
 * @param kind the stanza's type: job, project, project-template, pipeline, nodeset, secret, semaphore, queue, pragma
 * @param file the file it is in, as shown to the user
 * @param line the line of its type key
 * @param body its attributes
 */
public record Stanza(String kind, String file, int line, YamlMap body) {
  /** The stanza's {@code name}, when it is a string. */
  public Optional<String> name() {
    return body.get("name").flatMap(n -> n instanceof Scalar s ? s.text() : Optional.empty());
  }

  /** How messages name it: {@code job lanes-render}, or the kind alone when it has no name. */
  public String label() {
    return name().map(n -> kind + " " + n).orElse(kind);
  }

  /** A problem at {@code line} of this stanza's file. */
  public Problem problem(int line, String message) {
    return new Problem(file, line, label() + ": " + message);
  }
}
