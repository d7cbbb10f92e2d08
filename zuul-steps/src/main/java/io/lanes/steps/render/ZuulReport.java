package io.lanes.steps.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code zuul} part of render's result, in {@code zuul_return}'s shapes: artifacts, warnings, and file comments
 * on the source lines of rejected objects and of objects that change notably. Pure.
 */
final class ZuulReport {
  private final List<Map<String, Object>> artifacts = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, List<Map<String, Object>>> fileComments = new LinkedHashMap<>();

  /** Adds an artifact; {@code url} is relative to the build's log URL unless absolute. */
  ZuulReport artifact(String name, String url, Map<String, Object> metadata) {
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("name", name);
    artifact.put("url", url);
    artifact.put("metadata", metadata);
    artifacts.add(artifact);
    return this;
  }

  ZuulReport warnings(List<String> lines) {
    warnings.addAll(lines);
    return this;
  }

  /** A comment on {@code file} at {@code line}; {@code level} is {@code info}, {@code warning} or {@code error}. */
  ZuulReport comment(String file, int line, String message, String level) {
    if (file == null || file.startsWith("/") || file.startsWith("(")) {
      return this;
    }
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("line", Math.max(1, line));
    comment.put("message", message);
    comment.put("level", level);
    fileComments.computeIfAbsent(file, f -> new ArrayList<>()).add(comment);
    return this;
  }

  /**
   * Comments for the notable changes of changed objects: one per line of the source that sets the changed fields (a
   * field the document does not set, e.g. one a patch sets, goes on the object's first line).
   */
  ZuulReport notableChanges(List<PreviewChange> changes) {
    for (PreviewChange change : changes) {
      if (change.state() != PreviewChange.State.CHANGED) {
        continue;
      }
      Map<Integer, List<String>> byLine = new TreeMap<>();
      for (PreviewChange.Note note : change.notable()) {
        byLine.computeIfAbsent(note.line(), l -> new ArrayList<>()).add(note.text());
      }
      byLine.forEach(
          (line, texts) -> comment(change.file(), line, change.id() + " changes: " + String.join("; ", texts), "info"));
    }
    return this;
  }

  /** The map under {@code zuul}: only the keys that have something. */
  Map<String, Object> toMap() {
    Map<String, Object> zuul = new LinkedHashMap<>();
    if (!artifacts.isEmpty()) {
      zuul.put("artifacts", artifacts);
    }
    if (!warnings.isEmpty()) {
      zuul.put("warnings", warnings);
    }
    if (!fileComments.isEmpty()) {
      zuul.put("file_comments", fileComments);
    }
    return zuul;
  }
}
