package io.lanes.gerrit.restapi;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON of {@code GET /changes/{change}/revisions/{revision}/lanes~policy}: the lane policy on a patch set. */
public class PolicyInfo {
  public String platform;
  public Boolean passed;
  public String summary;
  public List<ProblemInfo> errors;
  public List<ProblemInfo> warnings;

  /** One problem: where it is ({@code file}, {@code line} where its YAML document starts) and what. */
  public static class ProblemInfo {
    private static final Pattern LOCATED = Pattern.compile("([^:\\s][^:]*):(\\d+): (.*)", Pattern.DOTALL);

    public String file;
    public Integer line;
    public String message;
    /** The whole line, as a push's message gives it. */
    public String text;

    /** {@code text} as {@code <file>:<line>: <message>} when it names a place, else as a message alone. */
    static ProblemInfo of(String text) {
      ProblemInfo problem = new ProblemInfo();
      problem.text = text;
      Matcher located = LOCATED.matcher(text);
      if (located.matches()) {
        problem.file = located.group(1);
        problem.line = Integer.parseInt(located.group(2));
        problem.message = located.group(3);
      } else {
        problem.message = text;
      }
      return problem;
    }
  }
}
