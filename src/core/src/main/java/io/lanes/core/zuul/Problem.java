package io.lanes.core.zuul;

import java.util.Comparator;

/**
 * One problem found in Zuul's configuration, printed as {@code file:line: message} (the form editors and Zuul's
 * file comments understand).
 *
 * @param file the file as shown to the user
 * @param line the 1-based line, or 0 when the problem is about the whole file
 * @param message what is wrong, naming the stanza and attribute
 */
public record Problem(String file, int line, String message) implements Comparable<Problem> {
  private static final Comparator<Problem> ORDER =
      Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparing(Problem::message);

  @Override
  public int compareTo(Problem other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
