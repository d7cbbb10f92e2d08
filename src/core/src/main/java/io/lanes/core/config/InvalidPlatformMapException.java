package io.lanes.core.config;

import java.util.List;

/** The platform map has problems; all of them are listed, one per line. */
public class InvalidPlatformMapException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public InvalidPlatformMapException(List<ConfigProblem> problems) {
    super(
        LanesConfig.FILE_NAME
            + " has "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + ":\n"
            + String.join("\n", problems.stream().map(ConfigProblem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
