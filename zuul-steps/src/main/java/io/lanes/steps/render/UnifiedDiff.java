package io.lanes.steps.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** A readable unified diff of two texts, three lines of context, without the file header lines. Pure. */
final class UnifiedDiff {
  static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** The hunks that turn {@code before} into {@code after}; empty when they are equal. */
  static List<String> of(String before, String after) {
    List<String> original = lines(before);
    List<String> revised = lines(after);
    Patch<String> patch = DiffUtils.diff(original, revised);
    if (patch.getDeltas().isEmpty()) {
      return List.of();
    }
    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("live", "rendered", original, patch, CONTEXT);
    return diff.subList(2, diff.size());
  }

  private static List<String> lines(String text) {
    String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\n", -1));
  }
}
