package io.lanes.steps.cluster;

/**
 * One problem in a cluster spec.
 *
 * @param line the line it is on, 1-based; 0 when the key is missing from the file
 * @param key the dotted key ({@code cluster.nodeCount})
 * @param message what is wrong, naming the offending value
 */
public record SpecProblem(int line, String key, String message) {
  /** {@code <file>:<line>: <key>: <message>}. */
  public String format(String file) {
    return file + (line > 0 ? ":" + line : "") + ": " + key + ": " + message;
  }
}
