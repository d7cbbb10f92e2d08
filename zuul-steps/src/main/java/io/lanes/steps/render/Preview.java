package io.lanes.steps.render;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Markdown preview a reviewer reads on the change: counts, a table of what changes, and per object its notable
 * changes and unified diff (folded when longer than {@value #FOLD_LINES} lines). Secrets show their state only.
 * Without a live comparison, objects are counted by kind. Pure.
 */
final class Preview {
  /** Diffs longer than this are folded in a {@code <details>} block. */
  static final int FOLD_LINES = 30;

  /** Diffs longer than this are cut, with a note: the bundle artifact has everything. */
  static final int MAX_LINES = 400;

  private Preview() {}

  /**
   * The preview.
   *
   * @param heading what was rendered, e.g. {@code acme → namespace openedx-acme}
   * @param details one line about the revision and tag
   * @param live whether the changes were compared with a live namespace
   */
  static String markdown(
      String heading, String details, boolean live, List<PreviewChange> changes, List<String> warnings) {
    return markdown(heading, details, live, changes, Optional.empty(), warnings);
  }

  /**
   * The preview of a Tutor project, with the init tasks its deploy runs after the objects.
   *
   * @param initTasks the init tasks Tutor defines, when Tutor was there to read them
   */
  static String markdown(
      String heading, String details, boolean live, List<PreviewChange> changes, Optional<InitTaskPreview> initTasks,
      List<String> warnings) {
    Map<PreviewChange.State, Integer> counts = counts(changes);
    StringBuilder md = new StringBuilder();
    md.append("## Lanes render: ").append(heading).append("\n\n");
    md.append(details).append("\n\n");
    int rendered = changes.size() - counts.get(PreviewChange.State.PRUNED);
    if (live) {
      md.append(rendered).append(" objects rendered: **")
          .append(counts.get(PreviewChange.State.ADDED)).append(" added**, **")
          .append(counts.get(PreviewChange.State.CHANGED)).append(" changed**, **")
          .append(counts.get(PreviewChange.State.PRUNED)).append(" pruned**, ")
          .append(counts.get(PreviewChange.State.UNCHANGED)).append(" unchanged")
          .append(counts.get(PreviewChange.State.TEMPLATE) == 0 ? "" : ", " + counts.get(PreviewChange.State.TEMPLATE)
              + " Tutor Job templates (deploy runs the init tasks from them and never applies them)")
          .append(".\n\n");
    } else {
      md.append(rendered)
          .append(" objects rendered; not compared with the live namespace (no cluster was given).\n\n");
    }
    if (!live) {
      md.append("| kind | objects |\n| --- | --- |\n");
      Map<String, Integer> kinds = new TreeMap<>();
      changes.forEach(c -> kinds.merge(c.kind(), 1, Integer::sum));
      kinds.forEach((kind, count) -> md.append("| ").append(kind).append(" | ").append(count).append(" |\n"));
      md.append('\n');
      initTasks.ifPresent(t -> md.append(t.markdown()));
      appendWarnings(md, warnings);
      return md.toString();
    }
    List<PreviewChange> shown =
        changes.stream().filter(c -> c.state() != PreviewChange.State.UNCHANGED).toList();
    if (!shown.isEmpty()) {
      md.append("| change | object | source |\n| --- | --- | --- |\n");
      for (PreviewChange change : shown) {
        md.append("| ").append(change.state().word()).append(" | `").append(change.id()).append("` | ")
            .append(change.file() == null ? "" : "`" + change.file() + ":" + change.line() + "`").append(" |\n");
      }
      md.append('\n');
    }
    for (PreviewChange change : shown) {
      if (change.state() == PreviewChange.State.RENDERED || change.state() == PreviewChange.State.TEMPLATE) {
        continue;
      }
      if (change.secret()) {
        md.append("### ").append(change.state().word()).append(": `").append(change.id()).append("`\n\n")
            .append("Secret: its data is never shown.\n\n");
        continue;
      }
      if (change.diff().isEmpty() && change.notable().isEmpty()) {
        continue;
      }
      md.append("### ").append(change.state().word()).append(": `").append(change.id()).append("`\n\n");
      for (PreviewChange.Note note : change.notable()) {
        md.append("- ").append(note.text()).append('\n');
      }
      if (!change.notable().isEmpty()) {
        md.append('\n');
      }
      appendDiff(md, change.diff());
    }
    initTasks.ifPresent(t -> md.append(t.markdown()));
    appendWarnings(md, warnings);
    return md.toString();
  }

  private static void appendWarnings(StringBuilder md, List<String> warnings) {
    if (!warnings.isEmpty()) {
      md.append("### Warnings\n\n");
      for (String warning : warnings) {
        md.append("- ").append(warning).append('\n');
      }
      md.append('\n');
    }
  }

  /** How many changes of each state. */
  static Map<PreviewChange.State, Integer> counts(List<PreviewChange> changes) {
    Map<PreviewChange.State, Integer> counts = new EnumMap<>(PreviewChange.State.class);
    for (PreviewChange.State state : PreviewChange.State.values()) {
      counts.put(state, 0);
    }
    changes.forEach(c -> counts.merge(c.state(), 1, Integer::sum));
    return counts;
  }

  private static void appendDiff(StringBuilder md, List<String> diff) {
    if (diff.isEmpty()) {
      return;
    }
    boolean fold = diff.size() > FOLD_LINES;
    if (fold) {
      md.append("<details><summary>").append(diff.size()).append(" lines of diff</summary>\n\n");
    }
    md.append("```diff\n");
    diff.stream().limit(MAX_LINES).forEach(line -> md.append(line.replace("```", "`\u200b``")).append('\n'));
    md.append("```\n");
    if (diff.size() > MAX_LINES) {
      md.append("\n(").append(diff.size() - MAX_LINES).append(" more lines: see the rendered bundle)\n");
    }
    if (fold) {
      md.append("\n</details>\n");
    }
    md.append('\n');
  }
}
