package io.lanes.gerrit.results;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stage result may hold, pure: every problem of a report at once, one per line, each naming its field. The
 * limits keep what any job can store per patch set small (a few kilobytes) and what the Checks tab shows readable.
 */
public final class StageResults {
  /** The stages the Zuul jobs report, in the order a change meets them. */
  public static final List<String> STAGES = List.of("render", "images", "preview", "deploy", "backup");

  /** The stages of a platform that belong to no patch set: its scheduled backups and restore drills. */
  public static final List<String> PLATFORM_STAGES = List.of("backup", "drill");

  /** What a stage came to. */
  public static final List<String> STATUSES = List.of("RUNNING", "PASSED", "FAILED");

  static final int MAX_SUMMARY = 500;
  static final int MAX_ITEMS = 200;
  static final int MAX_ITEM = 500;
  static final int MAX_URL = 2000;

  private StageResults() {}

  /** Every problem of a patch set's {@code input}, one per line as {@code <field>: <problem>}; none when valid. */
  public static List<String> problems(StageResultInput input) {
    return problems(input, STAGES);
  }

  /** Every problem of {@code input} whose stage must be one of {@code stages}; none when it is valid. */
  public static List<String> problems(StageResultInput input, List<String> stages) {
    List<String> problems = new ArrayList<>();
    if (input == null) {
      return List.of("body: missing (a JSON object with stage, status and summary)");
    }
    if (input.stage == null || !stages.contains(input.stage)) {
      problems.add("stage: " + quoted(input.stage) + " is not one of " + String.join(", ", stages));
    }
    if (input.status == null || !STATUSES.contains(input.status)) {
      problems.add("status: " + quoted(input.status) + " is not one of " + String.join(", ", STATUSES));
    }
    if (input.summary == null || input.summary.isBlank()) {
      problems.add("summary: missing (required)");
    } else {
      line("summary", input.summary, MAX_SUMMARY, problems);
    }
    if (input.url != null
        && (!(input.url.startsWith("https://") || input.url.startsWith("http://"))
            || input.url.length() > MAX_URL
            || input.url.chars().anyMatch(c -> c <= ' '))) {
      problems.add("url: not an http(s) URL of at most " + MAX_URL + " characters without spaces");
    }
    if (input.items != null) {
      if (input.items.size() > MAX_ITEMS) {
        problems.add("items: " + input.items.size() + " items; at most " + MAX_ITEMS);
      }
      for (int i = 0; i < Math.min(input.items.size(), MAX_ITEMS); i++) {
        String item = input.items.get(i);
        if (item == null || item.isBlank()) {
          problems.add("items[" + i + "]: empty");
        } else {
          line("items[" + i + "]", item, MAX_ITEM, problems);
        }
      }
    }
    if ("preview".equals(input.stage) && "PASSED".equals(input.status) && input.url == null) {
      problems.add("url: missing: a PASSED preview names the preview's address");
    }
    if (input.release != null) {
      if (!"deploy".equals(input.stage)) {
        problems.add("release: only a deploy reports a release");
      } else if (input.release < 1) {
        problems.add("release: " + input.release + " is not a release number (1 or more)");
      }
    }
    return problems;
  }

  private static void line(String field, String value, int max, List<String> problems) {
    if (value.length() > max) {
      problems.add(field + ": " + value.length() + " characters; at most " + max);
    }
    if (value.chars().anyMatch(c -> c < ' ')) {
      problems.add(field + ": one line of text without control characters");
    }
  }

  private static String quoted(String value) {
    if (value == null) {
      return "missing";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
