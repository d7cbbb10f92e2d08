package io.lanes.steps.render;

import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorProject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The init tasks a Tutor project's deploy runs, as the reviewer sees them in render's preview and result: each in
 * Tutor's order ({@code tutor k8s init}'s), with where it comes from (Tutor itself or a plugin) and the Job template it
 * runs in, and, when the live namespace holds a release, whether the live release had it; plus the tasks the live
 * release had that this render no longer has. A task is matched with the live release's by its hook context and its
 * place among that context's tasks (a release record names a task {@code NN-<app>}; a new plugin's task shifts the
 * numbers of those after it, not their match). Pure.
 *
 * @param tutor the Tutor release that read the tasks
 * @param tasks the tasks, in Tutor's order
 * @param compared whether a live release was there to compare with
 * @param removed the live release's tasks this render no longer has, as the record names them ({@code 07-foo})
 */
public record InitTaskPreview(String tutor, List<Task> tasks, boolean compared, List<String> removed) {

  /**
   * One task.
   *
   * @param task the task, as Tutor defines it
   * @param from {@code Tutor} for Tutor's own tasks, else {@code plugin <name> <version>}
   * @param state against the live release: {@code new} or {@code live}; empty when not compared
   */
  public record Task(InitTask task, String from, Optional<String> state) {
    /** Whether the live release did not have it: this change adds it. */
    public boolean added() {
      return state.filter(NEW::equals).isPresent();
    }
  }

  /** A task the live release did not have. */
  public static final String NEW = "new";

  /** A task the live release had (deploy still runs it again when its Job's content changed). */
  public static final String LIVE = "live";

  /**
   * The preview of {@code project}'s tasks.
   *
   * @param live the live release's tasks, as its record names them ({@code 06-mfe}); empty when no release is live or
   *     nothing was compared
   */
  public static InitTaskPreview of(TutorProject project, Optional<List<String>> live) {
    Map<String, String> plugins = new HashMap<>();
    for (String plugin : project.plugins()) {
      plugins.put(plugin.split(" ", 2)[0], plugin);
    }
    Map<String, Integer> liveCounts = new HashMap<>();
    live.orElse(List.of()).forEach(name -> liveCounts.merge(app(name), 1, Integer::sum));
    Map<String, Integer> seen = new HashMap<>();
    List<Task> tasks = new ArrayList<>();
    for (InitTask task : project.initTasks()) {
      int place = seen.merge(task.app(), 1, Integer::sum);
      Optional<String> state = live.map(l -> place <= liveCounts.getOrDefault(task.app(), 0) ? LIVE : NEW);
      String plugin = plugins.get(task.app());
      tasks.add(new Task(task, plugin == null ? "Tutor " + project.tutorVersion() : "plugin " + plugin, state));
    }
    List<String> removed = new ArrayList<>();
    Map<String, Integer> liveSeen = new LinkedHashMap<>();
    for (String name : live.orElse(List.of())) {
      int place = liveSeen.merge(app(name), 1, Integer::sum);
      if (place > seen.getOrDefault(app(name), 0)) {
        removed.add(name);
      }
    }
    return new InitTaskPreview(project.tutorVersion(), List.copyOf(tasks), live.isPresent(), List.copyOf(removed));
  }

  /** The tasks this change adds (new against the live release). */
  public List<Task> added() {
    return tasks.stream().filter(Task::added).toList();
  }

  /** The task's entry for the {@code --result} file. */
  static Map<String, Object> json(Task task) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("order", task.task().order());
    entry.put("task", task.task().app());
    entry.put("from", task.from());
    entry.put("job", task.task().templateJob());
    entry.put("script_sha256", task.task().scriptSha256());
    task.state().ifPresent(s -> entry.put("live", s));
    return entry;
  }

  /** The Markdown section of the preview. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("### Init tasks: ").append(tasks.size()).append(", in Tutor's order\n\n");
    md.append("What `tutor k8s init` runs (Tutor ").append(tutor)
        .append("): deploy runs each as a Job from its service's template, one at a time, and skips a task whose Job is"
            + " exactly the live release's.");
    if (compared) {
      long added = added().size();
      md.append(added == 0 ? " This change adds no init task." : " This change adds " + added
          + (added == 1 ? " init task." : " init tasks."));
    }
    md.append("\n\n| # | task | from | runs in | script |").append(compared ? " live release |" : "").append('\n');
    md.append("| --- | --- | --- | --- | --- |").append(compared ? " --- |" : "").append('\n');
    for (Task task : tasks) {
      md.append("| ").append(task.task().order()).append(" | ").append(task.task().app()).append(" | ")
          .append(task.from()).append(" | `").append(task.task().templateJob()).append("` | `sha256:")
          .append(task.task().scriptSha256(), 0, Math.min(12, task.task().scriptSha256().length())).append("` |");
      task.state().ifPresent(s -> md.append(' ').append(NEW.equals(s) ? "**new**" : "had it").append(" |"));
      md.append('\n');
    }
    if (!removed.isEmpty()) {
      md.append("\nThe live release ran these, this render has no such task: `").append(String.join("`, `", removed))
          .append("`.\n");
    }
    return md.append('\n').toString();
  }

  /** The hook context of a record's task name {@code NN-<app>}. */
  private static String app(String recordName) {
    int dash = recordName.indexOf('-');
    return dash < 0 ? recordName : recordName.substring(dash + 1);
  }
}
