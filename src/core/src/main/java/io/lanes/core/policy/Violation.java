package io.lanes.core.policy;

/**
 * One broken rule of the lane policy.
 *
 * @param file the file holding the object, relative to the repository root
 * @param line the 1-based line where the object starts, or 0 when unknown
 * @param kind the object's kind ({@code Deployment}, or {@code job} and {@code secret} in Zuul config)
 * @param name the object's name
 * @param reason what is wrong, lowercase, naming the offending value
 */
public record Violation(String file, int line, String kind, String name, String reason) {

  /** {@code kind/name: reason}. */
  @Override
  public String toString() {
    return kind + "/" + name + ": " + reason;
  }

  /** {@code file:line: kind/name: reason} ({@code file: ...} when the line is unknown). */
  public String located() {
    return (line > 0 ? file + ":" + line : file) + ": " + this;
  }

  /**
   * Whether {@code other} is the same problem, wherever it sits in the file: same kind, name and reason. Used to
   * tell new problems from ones a commit left untouched.
   */
  public boolean sameProblem(Violation other) {
    return kind.equals(other.kind) && name.equals(other.name) && reason.equals(other.reason);
  }
}
