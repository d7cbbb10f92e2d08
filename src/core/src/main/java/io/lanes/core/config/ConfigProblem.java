package io.lanes.core.config;

/**
 * One problem in a configuration file, named by its dotted key ({@code platform.acme.namespace}).
 *
 * @param key the dotted key, or the section or file when no key applies
 * @param message what is wrong, lowercase, naming the offending value
 */
public record ConfigProblem(String key, String message) {
  @Override
  public String toString() {
    return key + ": " + message;
  }
}
