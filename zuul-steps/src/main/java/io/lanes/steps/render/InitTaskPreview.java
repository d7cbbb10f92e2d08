package io.lanes.steps.render;

import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorProject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * The init tasks a Tutor project's deploy runs, as the reviewer sees them in render's preview and result: each in
 * Tutor's order ({@code tutor k8s init}'s), with where it comes from (Tutor itself or a plugin) and the Job template it
 * runs in, and, when the live namespace holds a release, what deploy will do with it against the live release: run it
 * as a new task, run it again because its Job changed, or skip it; plus the tasks the live release had that this
 * render no longer has. A task is matched with the live release's by its hook context and its place among that
 * context's tasks (a release record names a task {@code NN-<app>}; a new plugin's task shifts the numbers of those
 * after it, not their match). A matched task is {@link #LIVE} when its key ({@link InitJob#key()}, as {@link
 * InitTaskKeys} computes it) is one the live release's record holds, which is deploy's own test for skipping a task;
 * else {@link #CHANGED}. Pure.
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
   * @param state against the live release: {@link #NEW}, {@link #CHANGED} or {@link #LIVE}; empty when not compared
   */
  public record Task(InitTask task, String from, Optional<String> state) {
    /** Whether the live release did not have it: this change adds it. */
    public boolean added() {
      return state.filter(NEW::equals).isPresent();
    }

    /** Whether the live release had it with another Job: deploy runs it again. */
    public boolean changed() {
      return state.filter(CHANGED::equals).isPresent();
    }
  }

  /** A task the live release did not have: deploy runs it. */
  public static final String NEW = "new";

  /** A task the live release had, with another key (its script or Job changed): deploy runs it again. */
  public static final String CHANGED = "changed";

  /** A task the live release had, with the same key: deploy does not run it again. */
  public static final String LIVE = "live";

  /**
   * The preview of {@code project}'s tasks.
   *
   * @param live the live release's tasks as its record holds them ({@code 06-mfe} to its key); an empty map when no
   *     release is live, empty when nothing was compared
   * @param keys this render's tasks as deploy would record them ({@link InitTaskKeys}): {@code 06-mfe} to its key;
   *     a task without a key is {@link #CHANGED} when the live release had it
   */
  public static InitTaskPreview of(
      TutorProject project, Optional<SortedMap<String, String>> live, Map<String, String> keys) {
    Map<String, String> plugins = new HashMap<>();
    for (String plugin : project.plugins()) {
      plugins.put(plugin.split(" ", 2)[0], plugin);
    }
    Map<String, Integer> liveCounts = new HashMap<>();
    live.map(Map::keySet).orElse(Set.of()).forEach(name -> liveCounts.merge(app(name), 1, Integer::sum));
    Set<String> liveKeys = Set.copyOf(live.map(Map::values).orElse(List.of()));
    Map<String, Integer> seen = new HashMap<>();
    List<Task> tasks = new ArrayList<>();
    for (InitTask task : project.initTasks()) {
      int place = seen.merge(task.app(), 1, Integer::sum);
      boolean had = place <= liveCounts.getOrDefault(task.app(), 0);
      Optional<String> state = live.map(l -> state(had, keys.get(InitJob.recordName(task)), liveKeys));
      String plugin = plugins.get(task.app());
      tasks.add(new Task(task, plugin == null ? "Tutor " + project.tutorVersion() : "plugin " + plugin, state));
    }
    List<String> removed = new ArrayList<>();
    Map<String, Integer> liveSeen = new LinkedHashMap<>();
    for (String name : live.map(Map::keySet).orElse(Set.of())) {
      int place = liveSeen.merge(app(name), 1, Integer::sum);
      if (place > seen.getOrDefault(app(name), 0)) {
        removed.add(name);
      }
    }
    return new InitTaskPreview(project.tutorVersion(), List.copyOf(tasks), live.isPresent(), List.copyOf(removed));
  }

  /**
   * What deploy does with a task: {@link #NEW} when the live release had no such task, else {@link #LIVE} when its
   * key is one the live release's record holds (deploy skips a task whose key it holds, whatever its name), else
   * {@link #CHANGED}.
   */
  static String state(boolean liveHadIt, String key, Set<String> liveKeys) {
    if (!liveHadIt) {
      return NEW;
    }
    return key != null && liveKeys.contains(key) ? LIVE : CHANGED;
  }

  /** The tasks this change adds (new against the live release). */
  public List<Task> added() {
    return tasks.stream().filter(Task::added).toList();
  }

  /** The tasks the live release had that deploy runs again (changed against the live release). */
  public List<Task> changed() {
    return tasks.stream().filter(Task::changed).toList();
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
      int added = added().size();
      int changed = changed().size();
      md.append(added == 0 ? " This change adds no init task" : " This change adds " + tasks(added))
          .append(changed == 0 ? " and changes none." : " and changes " + tasks(changed) + ": deploy runs "
              + (changed == 1 ? "it" : "them") + " again.");
      md.append(" (Compared by the key deploy records, its Job with the live release's images and the default"
          + " deadline: a task that runs in an image this change promotes runs again too.)");
    }
    md.append("\n\n| # | task | from | runs in | script |").append(compared ? " live release |" : "").append('\n');
    md.append("| --- | --- | --- | --- | --- |").append(compared ? " --- |" : "").append('\n');
    for (Task task : tasks) {
      md.append("| ").append(task.task().order()).append(" | ").append(task.task().app()).append(" | ")
          .append(task.from()).append(" | `").append(task.task().templateJob()).append("` | `sha256:")
          .append(task.task().scriptSha256(), 0, Math.min(12, task.task().scriptSha256().length())).append("` |");
      task.state().ifPresent(s -> md.append(' ').append(switch (s) {
        case NEW -> "**new**";
        case CHANGED -> "**changed**: runs again";
        default -> "same Job: not run";
      }).append(" |"));
      md.append('\n');
    }
    if (!removed.isEmpty()) {
      md.append("\nThe live release ran these, this render has no such task: `").append(String.join("`, `", removed))
          .append("`.\n");
    }
    return md.append('\n').toString();
  }

  private static String tasks(int count) {
    return count + (count == 1 ? " init task" : " init tasks");
  }

  /** The hook context of a record's task name {@code NN-<app>}. */
  private static String app(String recordName) {
    int dash = recordName.indexOf('-');
    return dash < 0 ? recordName : recordName.substring(dash + 1);
  }
}
