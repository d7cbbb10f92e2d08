package io.lanes.steps.render;

import io.lanes.core.config.Platform;
import io.lanes.core.policy.Violation;
import io.lanes.steps.AtomicFile;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code render} reports of one rendering: the bundle and the preview in the output directory, the lines on
 * stdout, the {@code --result} summary and the {@code zuul} data (artifacts, warnings, notable changes); or, when the
 * lane policy refused objects, the violations on their source lines.
 *
 * @param platform the platform rendered
 * @param revision the revision objects are labelled with
 * @param imageTag the tag the platform's own images got
 * @param objects what was rendered
 * @param changes each object compared with the live namespace, or merely rendered when no cluster was given
 * @param live whether the objects were compared with the live namespace
 * @param initTasks a Tutor project's init tasks, as its deploy runs them, when Tutor was there to read them
 * @param warnings things the reviewer should know
 */
record RenderReport(
    Platform platform,
    String revision,
    String imageTag,
    List<RenderedObject> objects,
    List<PreviewChange> changes,
    boolean live,
    Optional<InitTaskPreview> initTasks,
    List<String> warnings) {

  /** The bundle's file name in the output directory. */
  static final String BUNDLE_FILE = "rendered.yaml";

  /** The preview's file name in the output directory. */
  static final String PREVIEW_FILE = "preview.md";

  /** Writes the bundle ({@code yaml}'s, secrets redacted) and the Markdown preview into {@code output}. */
  void write(Path output, ManifestYaml yaml) {
    String preview =
        Preview.markdown(
            platform.name() + " → namespace " + platform.namespace(),
            "Revision `" + revision + "`, the platform's images tagged `" + imageTag + "`.",
            live,
            changes,
            initTasks,
            warnings);
    write(output, BUNDLE_FILE, yaml.bundle(objects));
    write(output, PREVIEW_FILE, preview);
  }

  /** The lines for stdout: how many objects went where, the counts of changes when compared, the preview. */
  void print(PrintWriter out, Path output) {
    Map<PreviewChange.State, Integer> counts = Preview.counts(changes);
    out.printf("%d objects rendered for %s into %s%n", objects.size(), platform.name(), output.resolve(BUNDLE_FILE));
    if (live) {
      out.printf(
          "%d added, %d changed, %d pruned, %d unchanged%n",
          counts.get(PreviewChange.State.ADDED), counts.get(PreviewChange.State.CHANGED),
          counts.get(PreviewChange.State.PRUNED), counts.get(PreviewChange.State.UNCHANGED));
    }
    initTasks.ifPresent(t -> out.printf("%d init tasks%s%n", t.tasks().size(), t.compared()
        ? ": " + t.added().size() + " new, " + t.changed().size() + " changed, " + t.removed().size() + " no longer run"
        : ""));
    out.printf("preview: %s%n", output.resolve(PREVIEW_FILE));
  }

  /** The {@code zuul} data: the bundle and the preview as artifacts under {@code artifactUrl}, warnings, notes. */
  Map<String, Object> zuul(String artifactUrl) {
    return new ZuulReport()
        .artifact(
            "Rendered manifests (" + platform.name() + ")",
            artifactUrl + BUNDLE_FILE,
            Map.of("type", "lanes_manifests", "platform", platform.name()))
        .artifact(
            "Render preview (" + platform.name() + ")",
            artifactUrl + PREVIEW_FILE,
            Map.of("type", "lanes_preview", "platform", platform.name()))
        .warnings(warnings)
        .notableChanges(changes)
        .toMap();
  }

  /** The {@code render} summary of the result. */
  Map<String, Object> summary(Path output) {
    Map<String, Object> summary = header(platform, revision, imageTag);
    summary.put("objects", objects.size());
    summary.put("bundle", output.resolve(BUNDLE_FILE).toString());
    summary.put("preview", output.resolve(PREVIEW_FILE).toString());
    summary.put("compared", live);
    initTasks.ifPresent(t -> {
      summary.put("init_tasks", t.tasks().stream().map(InitTaskPreview::json).toList());
      if (t.compared()) {
        summary.put("init_tasks_removed", t.removed());
      }
    });
    if (live) {
      Map<String, Object> counts = new LinkedHashMap<>();
      Preview.counts(changes).forEach((state, count) -> {
        // templates only in a Tutor project, and only when it has some
        if (state != PreviewChange.State.RENDERED && (state != PreviewChange.State.TEMPLATE || count > 0)) {
          counts.put(state.word(), count);
        }
      });
      summary.put("counts", counts);
      List<Map<String, Object>> listed = new ArrayList<>();
      for (PreviewChange change : changes) {
        if (change.state() != PreviewChange.State.UNCHANGED) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("change", change.state().word());
          entry.put("object", change.id());
          if (change.file() != null) {
            entry.put("file", change.file());
            entry.put("line", change.line());
          }
          listed.add(entry);
        }
      }
      summary.put("changes", listed);
    }
    return summary;
  }

  /**
   * A policy failure as the result reports it: the {@code render} summary listing each violation, and the {@code
   * zuul} data whose file comments put each on its source line for the reviewer. Each is a warning of the build too,
   * {@code file:line: violation}: Zuul shows a file comment only on a file the change touches, and a change that
   * breaks the lane through another file (a kustomize patch in {@code kustomization.yml} changing a manifest it does
   * not touch) would otherwise be voted down with no word of why. For such a change, the comment goes on the line
   * of the change that carries the offending value ({@link ChangeFiles#place}).
   *
   * @return the summary and the zuul data, in that order
   */
  static List<Map<String, Object>> refused(
      Platform platform, String revision, String imageTag, List<Violation> violations, ChangeFiles change) {
    ZuulReport report = new ZuulReport();
    List<Map<String, Object>> listed = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Violation violation : violations) {
      Violation placed = change.place(violation);
      report.comment(placed.file(), placed.line(), placed.toString(), "error");
      warnings.add(violation.located());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("object", violation.kind() + "/" + violation.name());
      entry.put("reason", violation.reason());
      entry.put("file", violation.file());
      entry.put("line", violation.line());
      listed.add(entry);
    }
    Map<String, Object> summary = header(platform, revision, imageTag);
    summary.put("violations", listed);
    return List.of(summary, report.warnings(warnings).toMap());
  }

  private static Map<String, Object> header(Platform platform, String revision, String imageTag) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("platform", platform.name());
    summary.put("namespace", platform.namespace());
    summary.put("revision", revision);
    summary.put("image_tag", imageTag);
    return summary;
  }

  private static void write(Path output, String name, String text) {
    try {
      AtomicFile.replace(output.resolve(name), false, partial -> Files.writeString(partial, text, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw StepException.failure("cannot write " + output.resolve(name) + ": " + e.getMessage(), e);
    }
  }
}
