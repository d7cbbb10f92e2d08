package io.lanes.core.policy;

/**
 * A YAML file cannot be parsed. The message is one line, {@code file:line: problem}, fit to show a user as is.
 */
public class ManifestSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String problem;

  /**
   * @param file the file, relative to the repository root
   * @param line the 1-based line of the problem, or 0 when unknown
   * @param problem what is wrong, one line
   */
  public ManifestSyntaxException(String file, int line, String problem) {
    super((line > 0 ? file + ":" + line : file) + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  /** The file that cannot be parsed. */
  public String file() {
    return file;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** What is wrong, without file and line. */
  public String problem() {
    return problem;
  }
}
