package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorProject;
import java.util.List;
import java.util.Optional;
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

  private static final List<String> LIVE = List.of("01-lms", "02-mysql", "03-lms", "04-cms", "05-mfe");

  @Test
  @DisplayName("a plugin's task added before others is the one new task; the shifted ones are matched by their hook context")
  void addedTaskIsNew() {
    InitTaskPreview preview = InitTaskPreview.of(project(true), Optional.of(LIVE));

    assertThat(preview.tasks()).extracting(t -> t.task().app() + " " + t.state().orElseThrow())
        .containsExactly("lms live", "mysql live", "lms live", "foo new", "cms live", "mfe live");
    assertThat(preview.added()).extracting(t -> t.task().describe()).containsExactly("init task 4 (foo, in lms-job)");
    assertThat(preview.removed()).isEmpty();
    assertThat(preview.tasks()).extracting(InitTaskPreview.Task::from)
        .containsExactly("Tutor 22.0.3", "Tutor 22.0.3", "Tutor 22.0.3", "plugin foo 1.0", "Tutor 22.0.3", "plugin mfe 22.1.0");
  }

  @Test
  @DisplayName("a task the live release ran and this render lacks is listed as no longer run; with no live release every task is new")
  void removedAndFirstRelease() {
    InitTaskPreview dropped =
        InitTaskPreview.of(project(false), Optional.of(List.of("01-lms", "02-mysql", "03-lms", "04-foo", "05-cms", "06-mfe")));
    assertThat(dropped.removed()).containsExactly("04-foo");
    assertThat(dropped.added()).isEmpty();

    assertThat(InitTaskPreview.of(project(false), Optional.of(List.of())).added()).hasSize(5);
    InitTaskPreview uncompared = InitTaskPreview.of(project(false), Optional.empty());
    assertThat(uncompared.compared()).isFalse();
    assertThat(uncompared.tasks()).allMatch(t -> t.state().isEmpty());
  }

  @Test
  @DisplayName("the preview's section: a row per task in Tutor's order with its source, Job template and script digest; new ones in bold")
  void markdown() {
    String md = InitTaskPreview.of(project(true), Optional.of(LIVE)).markdown();

    assertThat(md).startsWith("### Init tasks: 6, in Tutor's order\n\n")
        .contains("This change adds 1 init task.")
        .contains("| # | task | from | runs in | script | live release |\n")
        .contains("| 4 | foo | plugin foo 1.0 | `lms-job` | `sha256:0123456789ab` | **new** |\n")
        .contains("| 5 | cms | Tutor 22.0.3 | `cms-job` | `sha256:0123456789ab` | had it |\n");
    assertThat(md.indexOf("| 1 | lms")).isLessThan(md.indexOf("| 2 | mysql")).isLessThan(md.indexOf("| 6 | mfe"));
    assertThat(InitTaskPreview.of(project(false), Optional.empty()).markdown())
        .contains("| # | task | from | runs in | script |\n").doesNotContain("| live release |").doesNotContain("This change");
  }
}
