package io.lanes.steps.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.lanes.steps.StepException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a Zuul job tells the Lanes plugin about one stage ({@code lanes~results}), decided from a step's result file
 * alone, pure: the stage, its status, a one-line summary, the lines it lists, a link and a deploy's release. A change's
 * stages ({@code render}, {@code images}, {@code preview}, {@code deploy}) belong to its patch set; a platform's
 * ({@code backup}, {@code drill}) to the platform.
 *
 * @param stage the plugin's stage name
 * @param status {@code PASSED}, {@code FAILED} or {@code RUNNING}
 * @param summary one line
 * @param items the lines listed under it (at most {@link #MAX_ITEMS})
 * @param url the link shown with it
 * @param release the release a deploy recorded
 * @param platform the platform, for a platform's stage
 */
public record StageReport(
    String stage,
    String status,
    String summary,
    List<String> items,
    Optional<String> url,
    Optional<Integer> release,
    Optional<String> platform) {

  /** The stages of a patch set. */
  public static final List<String> CHANGE_STAGES = List.of("render", "images", "preview", "deploy");

  /** The stages of a platform, reported by the periodic jobs. */
  public static final List<String> PLATFORM_STAGES = List.of("backup", "drill");

  /** What the plugin keeps of a report's lines. */
  static final int MAX_ITEMS = 200;

  private static final String RESULTS = "render, images, promoted, deploy, rollback, upgrade, preview, backup and drill";

  /** Whether it belongs to a platform rather than to a patch set. */
  public boolean platformStage() {
    return PLATFORM_STAGES.contains(stage);
  }

  /** The same report with {@code url} as its link. */
  public StageReport withUrl(Optional<String> link) {
    return link.isPresent() ? new StageReport(stage, status, summary, items, link, release, platform) : this;
  }

  /** The body of the plugin's {@code lanes~results} (or {@code lanes~platform-results}) POST. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    platform.filter(p -> platformStage()).ifPresent(p -> body.put("platform", p));
    body.put("stage", stage);
    body.put("status", status);
    body.put("summary", summary);
    url.ifPresent(u -> body.put("url", u));
    if (!items.isEmpty()) {
      body.put("items", items);
    }
    release.ifPresent(r -> body.put("release", r));
    return body;
  }

  /**
   * The report of a step's {@code --result} document ({@code {"lanes": {KEY: ...}}}); a document of another step, or
   * one that is not a result file, is a configuration error naming {@code file}.
   */
  public static StageReport of(JsonNode document, Path file) {
    JsonNode lanes = document == null ? null : document.get("lanes");
    if (lanes == null || !lanes.isObject() || lanes.size() != 1) {
      throw StepException.configuration(file + ": not a zuul-steps result file (expected {\"lanes\": {STEP: ...}})");
    }
    String key = lanes.fieldNames().next();
    JsonNode data = lanes.get(key);
    return switch (key) {
      case "render" -> render(data);
      // build-image's images have a local id and no digest: built on the node, pushed nowhere (check)
      case "images" -> images(data, all(data, image -> image.hasNonNull("digest")) ? "pushed" : "built");
      case "promoted" -> images(data, "promoted");
      case "deploy", "rollback", "upgrade" -> deploy(data, key);
      case "preview" -> preview(data, file);
      case "backup" -> backup(data);
      case "drill" -> drill(data);
      default -> throw StepException.configuration(
          file + ": lanes." + key + ": report knows the results of " + RESULTS + ", not " + key);
    };
  }

  /**
   * The report of a step that failed and wrote no result: {@code stage} {@code FAILED} with {@code summary}; a
   * platform's stage names its platform. A configuration error naming {@code --failed} otherwise.
   */
  public static StageReport failed(String stage, String summary, Optional<String> platform) {
    List<String> stages = new ArrayList<>(CHANGE_STAGES);
    stages.addAll(PLATFORM_STAGES);
    if (!stages.contains(stage)) {
      throw StepException.configuration(
          "--failed " + stage + ": not a stage (stages: " + String.join(", ", stages) + ")");
    }
    if (PLATFORM_STAGES.contains(stage) && platform.isEmpty()) {
      throw StepException.configuration("--failed " + stage + ": give --platform NAME (a platform's stage)");
    }
    return new StageReport(stage, "FAILED", summary, List.of(), Optional.empty(), Optional.empty(), platform);
  }

  private static StageReport render(JsonNode render) {
    String namespace = render.path("namespace").asText();
    List<String> items = new ArrayList<>();
    JsonNode violations = render.path("violations");
    if (violations.isArray() && !violations.isEmpty()) {
      violations.forEach(v -> items.add(
          v.path("file").asText() + ":" + v.path("line").asInt() + ": " + v.path("object").asText() + ": "
              + v.path("reason").asText()));
      return change("render", "FAILED",
          "lane policy: " + plural(violations.size(), "violation") + " on platform " + render.path("platform").asText(),
          items);
    }
    render.path("changes").forEach(c -> items.add(c.path("object").asText() + " " + c.path("change").asText()));
    // a Tutor project's init tasks: those this change adds, those deploy runs again (their Job changed), and those
    // the live release ran that it drops
    render.path("init_tasks").forEach(t -> {
      String state = t.path("live").asText();
      if (state.equals("new") || state.equals("changed")) {
        items.add("init task " + t.path("order").asInt() + " (" + t.path("task").asText() + ", in "
            + t.path("job").asText() + ") " + (state.equals("new") ? "new" : "changed: runs again"));
      }
    });
    render.path("init_tasks_removed").forEach(t -> items.add("init task " + t.asText() + " no longer run"));
    String summary;
    if (render.path("compared").asBoolean()) {
      JsonNode counts = render.path("counts");
      List<String> parts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> count = it.next();
        if (count.getValue().asInt() > 0) {
          // states are words ("1 added", "2 unchanged"); Tutor's Job templates are a noun
          parts.add(count.getValue().asInt() + " " + (count.getKey().equals("template")
              ? (count.getValue().asInt() == 1 ? "Job template" : "Job templates") : count.getKey()));
        }
      }
      summary = parts.isEmpty() ? "no change to " + namespace : String.join(", ", parts) + " in " + namespace;
      long newTasks = items.stream().filter(i -> i.startsWith("init task ") && i.endsWith(") new")).count();
      if (newTasks > 0) {
        summary += "; " + plural((int) newTasks, "new init task");
      }
      long changedTasks = items.stream().filter(i -> i.startsWith("init task ") && i.endsWith(") changed: runs again")).count();
      if (changedTasks > 0) {
        summary += "; " + plural((int) changedTasks, "init task") + (changedTasks == 1 ? " runs" : " run") + " again";
      }
    } else {
      summary = plural(render.path("objects").asInt(), "object") + " rendered for " + namespace
          + " (not compared with the cluster)";
    }
    return change("render", "PASSED", summary, items);
  }

  private static boolean all(JsonNode array, java.util.function.Predicate<JsonNode> test) {
    for (JsonNode element : array) {
      if (!test.test(element)) {
        return false;
      }
    }
    return true;
  }

  private static StageReport images(JsonNode images, String verb) {
    List<String> items = new ArrayList<>();
    images.forEach(image -> {
      String reference = image.has("reference") ? image.path("reference").asText() : image.path("repository").asText();
      String digest = image.path("digest").asText("");
      items.add(digest.isEmpty() || reference.contains("@") ? reference : reference + "@" + digest);
    });
    return change("images", "PASSED", plural(images.size(), "image") + " " + verb, items);
  }

  private static StageReport deploy(JsonNode deploy, String step) {
    String namespace = deploy.path("namespace").asText();
    String outcome = deploy.path("outcome").asText();
    Optional<Integer> release =
        deploy.path("release").has("number") ? Optional.of(deploy.path("release").path("number").asInt()) : Optional.empty();
    List<String> items = new ArrayList<>();
    deploy.path("changes").forEach(c -> items.add(c.path("object").asText() + " " + c.path("change").asText()));
    if ("failed".equals(outcome)) {
      return new StageReport("deploy", "FAILED",
          step + " to " + namespace + " failed: " + firstLine(deploy.path("failure").asText("see the job's log")),
          limited(items), Optional.empty(), Optional.empty(), Optional.empty());
    }
    String summary = release.map(r -> step.equals("deploy") ? "release " + r + " deployed to " + namespace
            : step + " to release " + r + " in " + namespace)
        .orElse("no change to " + namespace);
    if ("no changes".equals(outcome)) {
      summary = "no change to " + namespace + release.map(r -> " (release " + r + " stays)").orElse("");
    }
    return new StageReport("deploy", "PASSED", summary, limited(items), Optional.empty(), release, Optional.empty());
  }

  private static StageReport preview(JsonNode preview, Path file) {
    if (!preview.has("url")) {
      throw StepException.configuration(
          file + ": lanes.preview: no url: report takes the result of `preview up` (not of down or list)");
    }
    return new StageReport("preview", "PASSED",
        "preview of " + preview.path("platform").asText() + " in " + preview.path("namespace").asText(), List.of(),
        Optional.of(preview.path("url").asText()), Optional.empty(), Optional.empty());
  }

  private static StageReport backup(JsonNode backup) {
    String summary = "backup " + backup.path("id").asText() + ": " + plural(backup.path("objects").asInt(), "object")
        + ", " + backup.path("bytes").asLong() + " bytes in " + backup.path("seconds").asDouble() + " s";
    return new StageReport("backup", "PASSED", summary, List.of(), Optional.empty(), Optional.empty(),
        Optional.of(backup.path("platform").asText()));
  }

  private static StageReport drill(JsonNode drill) {
    boolean passed = drill.path("passed").asBoolean();
    String summary = "restored backup " + drill.path("backup").asText() + ": RTO " + drill.path("rto_seconds").asDouble()
        + " s, RPO " + drill.path("rpo_seconds").asLong() + " s (limit " + drill.path("rpo_limit_seconds").asLong()
        + " s)" + (passed ? "" : ", " + plural(drill.path("mismatches").size(), "mismatch", "mismatches"));
    List<String> items = new ArrayList<>();
    drill.path("mismatches").forEach(m -> items.add(m.isTextual() ? m.asText() : m.toString()));
    return new StageReport("drill", passed ? "PASSED" : "FAILED", summary, limited(items), Optional.empty(),
        Optional.empty(), Optional.of(drill.path("platform").asText()));
  }

  private static StageReport change(String stage, String status, String summary, List<String> items) {
    return new StageReport(stage, status, summary, limited(items), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static List<String> limited(List<String> items) {
    if (items.size() <= MAX_ITEMS) {
      return List.copyOf(items);
    }
    List<String> kept = new ArrayList<>(items.subList(0, MAX_ITEMS - 1));
    kept.add("... and " + (items.size() - MAX_ITEMS + 1) + " more");
    return List.copyOf(kept);
  }

  private static String plural(int count, String word) {
    return plural(count, word, word + "s");
  }

  private static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
