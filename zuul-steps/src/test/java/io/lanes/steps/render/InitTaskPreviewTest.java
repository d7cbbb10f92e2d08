package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorProject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InitTaskPreview: the init tasks deploy runs, against the live release (pure)")
class InitTaskPreviewTest {
  private static InitTask task(int order, String app, String service) {
    return new InitTask(order, app, service, "echo " + app, "0123456789abcdef" + order);
  }

  /** Tutor's core tasks, the mfe plugin's, and a test plugin's inserted before cms (shifting cms and mfe). */
  private static TutorProject project(boolean withFoo) {
    List<InitTask> tasks = withFoo
        ? List.of(task(1, "lms", "lms"), task(2, "mysql", "mysql"), task(3, "lms", "lms"), task(4, "foo", "lms"),
            task(5, "cms", "cms"), task(6, "mfe", "lms"))
        : List.of(task(1, "lms", "lms"), task(2, "mysql", "mysql"), task(3, "lms", "lms"), task(4, "cms", "cms"),
            task(5, "mfe", "lms"));
    return new TutorProject("22.0.3", "verawood", List.of("acme /p/acme.py", "mfe 22.1.0", "foo 1.0"), tasks, List.of());
  }

  /** A key per task's content: the name of the task it stands for (a key does not depend on the record's name). */
  private static String key(String content) {
    return "sha256:" + content;
  }

  private static SortedMap<String, String> record(String... namesAndKeys) {
    SortedMap<String, String> record = new TreeMap<>();
    for (int i = 0; i < namesAndKeys.length; i += 2) {
      record.put(namesAndKeys[i], key(namesAndKeys[i + 1]));
    }
    return record;
  }

  /** The live release: Tutor's four core tasks and mfe's, each with its key. */
  private static final SortedMap<String, String> LIVE =
      record("01-lms", "dirs", "02-mysql", "mysql", "03-lms", "migrate", "04-cms", "cms", "05-mfe", "mfe");

  /** This render's keys with foo inserted before cms: cms and mfe shifted, same content. */
  private static final SortedMap<String, String> KEYS_WITH_FOO = record(
      "01-lms", "dirs", "02-mysql", "mysql", "03-lms", "migrate", "04-foo", "foo", "05-cms", "cms", "06-mfe", "mfe");

  @Test
  @DisplayName("a plugin's task added before others is the one new task; the shifted ones are matched by their hook context and are live by their keys")
  void addedTaskIsNew() {
    InitTaskPreview preview = InitTaskPreview.of(project(true), Optional.of(LIVE), KEYS_WITH_FOO);

    assertThat(preview.tasks()).extracting(t -> t.task().app() + " " + t.state().orElseThrow())
        .containsExactly("lms live", "mysql live", "lms live", "foo new", "cms live", "mfe live");
    assertThat(preview.added()).extracting(t -> t.task().describe()).containsExactly("init task 4 (foo, in lms-job)");
    assertThat(preview.changed()).isEmpty();
    assertThat(preview.removed()).isEmpty();
    assertThat(preview.tasks()).extracting(InitTaskPreview.Task::from)
        .containsExactly("Tutor 22.0.3", "Tutor 22.0.3", "Tutor 22.0.3", "plugin foo 1.0", "Tutor 22.0.3", "plugin mfe 22.1.0");
  }

  @Test
  @DisplayName("a task the live release ran and this render lacks is listed as no longer run; with no live release every task is new")
  void removedAndFirstRelease() {
    InitTaskPreview dropped = InitTaskPreview.of(project(false), Optional.of(KEYS_WITH_FOO), LIVE);
    assertThat(dropped.removed()).containsExactly("04-foo");
    assertThat(dropped.added()).isEmpty();
    assertThat(dropped.changed()).isEmpty();

    assertThat(InitTaskPreview.of(project(false), Optional.of(new TreeMap<>()), Map.of()).added()).hasSize(5);
    InitTaskPreview uncompared = InitTaskPreview.of(project(false), Optional.empty(), Map.of());
    assertThat(uncompared.compared()).isFalse();
    assertThat(uncompared.tasks()).allMatch(t -> t.state().isEmpty());
  }

  @Test
  @DisplayName("the preview's section: a row per task in Tutor's order with its source, Job template and script digest; new ones in bold")
  void markdown() {
    SortedMap<String, String> migrationsChanged = new TreeMap<>(KEYS_WITH_FOO);
    migrationsChanged.put("03-lms", key("migrate, another script"));
    String md = InitTaskPreview.of(project(true), Optional.of(LIVE), migrationsChanged).markdown();

    assertThat(md).startsWith("### Init tasks: 6, in Tutor's order\n\n")
        .contains("This change adds 1 init task and changes 1 init task: deploy runs it again.")
        .contains("with the live release's images and the default deadline")
        .contains("| # | task | from | runs in | script | live release |\n")
        .contains("| 3 | lms | Tutor 22.0.3 | `lms-job` | `sha256:0123456789ab` | **changed**: runs again |\n")
        .contains("| 4 | foo | plugin foo 1.0 | `lms-job` | `sha256:0123456789ab` | **new** |\n")
        .contains("| 5 | cms | Tutor 22.0.3 | `cms-job` | `sha256:0123456789ab` | same Job: not run |\n");
    assertThat(md.indexOf("| 1 | lms")).isLessThan(md.indexOf("| 2 | mysql")).isLessThan(md.indexOf("| 6 | mfe"));
    assertThat(InitTaskPreview.of(project(true), Optional.of(LIVE), KEYS_WITH_FOO).markdown())
        .contains("This change adds 1 init task and changes none.");
    assertThat(InitTaskPreview.of(project(false), Optional.empty(), Map.of()).markdown())
        .contains("| # | task | from | runs in | script |\n").doesNotContain("| live release |").doesNotContain("This change");
  }

  @Test
  @DisplayName("a task the live release had whose key differs (its script changed) is changed: deploy runs it again; the others stay live")
  void changedScriptIsChanged() {
    SortedMap<String, String> keys = new TreeMap<>(KEYS_WITH_FOO);
    keys.put("05-cms", key("cms, another script"));

    InitTaskPreview preview = InitTaskPreview.of(project(true), Optional.of(LIVE), keys);

    assertThat(preview.tasks()).extracting(t -> t.task().app() + " " + t.state().orElseThrow())
        .containsExactly("lms live", "mysql live", "lms live", "foo new", "cms changed", "mfe live");
    assertThat(preview.changed()).extracting(t -> t.task().describe()).containsExactly("init task 5 (cms, in cms-job)");
    assertThat(InitTaskPreview.json(preview.changed().get(0))).containsEntry("live", "changed");
  }

  @Test
  @DisplayName("the decision: new when the live release had no such task; live only when its key is one the live record holds (under any name, as deploy skips it); else changed, a missing key too")
  void decision() {
    Set<String> liveKeys = Set.of(key("a"), key("b"));

    assertThat(InitTaskPreview.state(false, key("a"), liveKeys)).isEqualTo(InitTaskPreview.NEW);
    assertThat(InitTaskPreview.state(false, key("z"), liveKeys)).isEqualTo(InitTaskPreview.NEW);
    assertThat(InitTaskPreview.state(true, key("b"), liveKeys)).isEqualTo(InitTaskPreview.LIVE);
    assertThat(InitTaskPreview.state(true, key("z"), liveKeys)).isEqualTo(InitTaskPreview.CHANGED);
    assertThat(InitTaskPreview.state(true, null, liveKeys)).isEqualTo(InitTaskPreview.CHANGED);
    assertThat(InitTaskPreview.state(true, key("a"), Set.of())).isEqualTo(InitTaskPreview.CHANGED);
  }
}
