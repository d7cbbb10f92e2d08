package io.lanes.steps.render;

import java.util.List;

/**
 * What applying the render would do to one object.
 *
 * @param state added, changed, unchanged, pruned, or rendered (not compared: no cluster was given)
 * @param kind the object's kind
 * @param name the object's name
 * @param file its source file ({@code null} for a pruned object: it has none any more)
 * @param line the line in {@code file}
 * @param secret whether it is a Secret: shown as changed or unchanged only, never its data
 * @param diff the unified diff of its YAML (live to rendered); empty for secrets and unchanged objects
 * @param notable notable changes in words (replicas, images, resources), each with the line in {@code file} that sets
 *     the field, for file comments
 */
public record PreviewChange(
    State state, String kind, String name, String file, int line, boolean secret, List<String> diff,
    List<Note> notable) {

  /**
   * A notable change.
   *
   * @param text in words
   * @param line the line in the object's file that sets the field, or the object's first line
   */
  public record Note(String text, int line) {}

  /** What happens to an object. */
  public enum State {
    ADDED,
    CHANGED,
    UNCHANGED,
    PRUNED,
    RENDERED,
    /** One of Tutor's Job templates in a Tutor project: deploy runs init tasks from it and never applies it. */
    TEMPLATE;

    /** The state as written in previews and results. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public PreviewChange {
    diff = List.copyOf(diff);
    notable = List.copyOf(notable);
  }

  /** {@code kind/name}. */
  public String id() {
    return kind + "/" + name;
  }
}
