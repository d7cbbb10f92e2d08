package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreviewTest {
  private static PreviewChange changed(String name, List<String> diff) {
    return new PreviewChange(PreviewChange.State.CHANGED, "ConfigMap", name, "env/k8s/a.yml", 3, false, diff, List.of());
  }

  @Test
  @DisplayName("a short diff is shown open, a long one folded in <details>, a very long one cut with a pointer to the bundle")
  void foldsLongDiffs() {
    List<String> shortDiff = List.of("@@ -1 +1 @@", "-a: 1", "+a: 2");
    List<String> longDiff = new ArrayList<>(IntStream.range(0, 40).mapToObj(i -> "+line " + i).toList());
    List<String> hugeDiff = IntStream.range(0, 450).mapToObj(i -> "+row " + i).toList();

    String md =
        Preview.markdown(
            "acme → namespace openedx-acme", "Revision `r`.", true,
            List.of(changed("short", shortDiff), changed("long", longDiff), changed("huge", hugeDiff)), List.of());

    assertThat(md).contains("### changed: `ConfigMap/short`\n\n```diff\n@@ -1 +1 @@\n-a: 1\n+a: 2\n```\n");
    assertThat(md).contains("### changed: `ConfigMap/long`\n\n<details><summary>40 lines of diff</summary>\n\n```diff\n+line 0\n");
    assertThat(md).contains("+row 399\n```\n\n(50 more lines: see the rendered bundle)\n\n</details>").doesNotContain("+row 400");
  }

  @Test
  @DisplayName("unchanged objects are counted, not listed; pruned ones are listed without a source")
  void countsAndTable() {
    String md =
        Preview.markdown(
            "acme → namespace openedx-acme", "Revision `r`.", true,
            List.of(
                new PreviewChange(PreviewChange.State.UNCHANGED, "Service", "lms", "env/k8s/s.yml", 1, false, List.of(), List.of()),
                new PreviewChange(PreviewChange.State.PRUNED, "ConfigMap", "old", null, 0, false, List.of(), List.of())),
            List.of("Deployment/x: container x has no resource limits"));

    assertThat(md)
        .contains("1 objects rendered: **0 added**, **0 changed**, **1 pruned**, 1 unchanged.")
        .contains("| pruned | `ConfigMap/old` |  |\n")
        .doesNotContain("Service/lms")
        .endsWith("### Warnings\n\n- Deployment/x: container x has no resource limits\n\n");
  }
}
