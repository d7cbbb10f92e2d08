package io.lanes.steps.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("report: what a step's result file says to the Checks tab (pure)")
class StageReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FILE = Path.of("results/x.json");

  private static StageReport of(String json) throws Exception {
    JsonNode document = JSON.readTree(json);
    return StageReport.of(document, FILE);
  }

  @Test
  @DisplayName("a render compared with the cluster: the counts that are not zero, and each object that changes")
  void renderCompared() throws Exception {
    StageReport report = of("""
        {"lanes": {"render": {"platform": "acme", "namespace": "openedx-acme", "revision": "r", "image_tag": "t",
         "objects": 40, "compared": true, "counts": {"added": 1, "changed": 2, "unchanged": 37, "pruned": 0, "template": 3},
         "changes": [{"change": "added", "object": "ConfigMap/x"}, {"change": "changed", "object": "Deployment/lms"}]}}}
        """);

    assertThat(report.stage()).isEqualTo("render");
    assertThat(report.status()).isEqualTo("PASSED");
    assertThat(report.summary()).isEqualTo("1 added, 2 changed, 37 unchanged, 3 Job templates in openedx-acme");
    assertThat(report.items()).containsExactly("ConfigMap/x added", "Deployment/lms changed");
    assertThat(report.platformStage()).isFalse();
  }

  @Test
  @DisplayName("a render refused by the lane policy fails, one line per violation with its file and line")
  void renderRefused() throws Exception {
    StageReport report = of("""
        {"lanes": {"render": {"platform": "acme", "namespace": "openedx-acme", "revision": "r", "image_tag": "t",
         "violations": [{"object": "Pod/debug", "reason": "hostNetwork shares the node's namespaces",
                         "file": "env/k8s/apps.yml", "line": 8}]}}}
        """);

    assertThat(report.status()).isEqualTo("FAILED");
    assertThat(report.summary()).isEqualTo("lane policy: 1 violation on platform acme");
    assertThat(report.items()).containsExactly("env/k8s/apps.yml:8: Pod/debug: hostNetwork shares the node's namespaces");
  }

  @Test
  @DisplayName("pushed images are listed by digest; a deploy reports its release")
  void imagesAndDeploy() throws Exception {
    StageReport images = of("""
        {"lanes": {"images": [{"reference": "localhost:5000/acme/openedx:change-1-ps-2", "digest": "sha256:ab"}]}}
        """);
    StageReport deploy = of("""
        {"lanes": {"deploy": {"platform": "acme", "namespace": "openedx-acme", "outcome": "deployed",
         "release": {"number": 7}, "changes": [{"object": "Deployment/lms", "change": "changed"}]}}}
        """);

    assertThat(images.summary()).isEqualTo("1 image pushed");
    assertThat(images.items()).containsExactly("localhost:5000/acme/openedx:change-1-ps-2@sha256:ab");
    assertThat(deploy.summary()).isEqualTo("release 7 deployed to openedx-acme");
    assertThat(deploy.release()).contains(7);
    assertThat(deploy.body()).containsEntry("release", 7).containsEntry("status", "PASSED");
  }

  @Test
  @DisplayName("images build-image built in check (a local id, no digest) are reported built, not pushed")
  void builtImagesAreNotPushed() throws Exception {
    StageReport built = of("""
        {"lanes": {"images": [{"name": "openedx", "reference": "localhost:5000/acme/openedx:change-1-ps-2",
         "id": "sha256:0c"}, {"name": "mfe", "reference": "localhost:5000/acme/mfe:change-1-ps-2", "id": "sha256:1d"}]}}
        """);

    assertThat(built.summary()).isEqualTo("2 images built");
    assertThat(built.items()).containsExactly("localhost:5000/acme/openedx:change-1-ps-2",
        "localhost:5000/acme/mfe:change-1-ps-2");
  }

  @Test
  @DisplayName("a failed deploy fails with the first line of its failure, and names no release")
  void deployFailed() throws Exception {
    StageReport report = of("""
        {"lanes": {"deploy": {"platform": "acme", "namespace": "openedx-acme", "outcome": "failed",
         "failure": "Deployment/lms not ready after 600 s\\nrolled back", "changes": []}}}
        """);

    assertThat(report.status()).isEqualTo("FAILED");
    assertThat(report.summary()).isEqualTo("deploy to openedx-acme failed: Deployment/lms not ready after 600 s");
    assertThat(report.body()).doesNotContainKey("release");
  }

  @Test
  @DisplayName("a preview links to its address; a drill that found mismatches is a failed platform stage")
  void previewAndDrill() throws Exception {
    StageReport preview = of("""
        {"lanes": {"preview": {"platform": "acme", "namespace": "openedx-acme-c12", "url": "http://acme-c12.example.org"}}}
        """);
    StageReport drill = of("""
        {"lanes": {"drill": {"platform": "acme", "backup": "20261205T013000Z", "passed": false, "rto_seconds": 42.5,
         "rpo_seconds": 3600, "rpo_limit_seconds": 93600, "mismatches": ["table openedx.auth_user: 10 rows, 9 restored"]}}}
        """);

    assertThat(preview.url()).contains("http://acme-c12.example.org");
    assertThat(preview.summary()).isEqualTo("preview of acme in openedx-acme-c12");
    assertThat(drill.platformStage()).isTrue();
    assertThat(drill.status()).isEqualTo("FAILED");
    assertThat(drill.summary())
        .isEqualTo("restored backup 20261205T013000Z: RTO 42.5 s, RPO 3600 s (limit 93600 s), 1 mismatch");
    assertThat(drill.body()).containsEntry("platform", "acme");
    assertThat(drill.items()).containsExactly("table openedx.auth_user: 10 rows, 9 restored");
  }

  @Test
  @DisplayName("the plugin keeps at most 200 lines: the rest is counted in the last one")
  void itemsLimited() throws Exception {
    StringBuilder images = new StringBuilder();
    for (int i = 0; i < 250; i++) {
      images.append(i == 0 ? "" : ",").append("{\"reference\": \"r").append(i).append("@sha256:x\"}");
    }
    StageReport report = of("{\"lanes\": {\"promoted\": [" + images + "]}}");

    assertThat(report.items()).hasSize(200).endsWith("... and 51 more");
    assertThat(report.summary()).isEqualTo("250 images promoted");
  }

  @Test
  @DisplayName("a result the plugin has no stage for, or no result file at all, is refused naming the file")
  void refused() throws Exception {
    assertThatThrownBy(() -> of("{\"lanes\": {\"status\": {}}}"))
        .isInstanceOf(StepException.class)
        .hasMessage("results/x.json: lanes.status: report knows the results of render, images, promoted, deploy,"
            + " rollback, upgrade, preview, backup and drill, not status");
    assertThatThrownBy(() -> of("{\"render\": {}}"))
        .hasMessage("results/x.json: not a zuul-steps result file (expected {\"lanes\": {STEP: ...}})");
    assertThatThrownBy(() -> of("{\"lanes\": {\"preview\": {\"platform\": \"acme\", \"removed\": []}}}"))
        .hasMessage("results/x.json: lanes.preview: no url: report takes the result of `preview up` (not of down"
            + " or list)");
  }

  @Test
  @DisplayName("a step that wrote no result is reported as a failed stage; a platform's stage needs its platform")
  void failed() {
    assertThat(StageReport.failed("images", "build-image failed", Optional.empty()).body())
        .containsEntry("stage", "images").containsEntry("status", "FAILED").doesNotContainKey("platform");
    assertThat(StageReport.failed("drill", "drill failed", Optional.of("acme")).body()).containsEntry("platform", "acme");
    assertThatThrownBy(() -> StageReport.failed("lint", "x", Optional.empty()))
        .hasMessage("--failed lint: not a stage (stages: render, images, preview, deploy, backup, drill)");
    assertThatThrownBy(() -> StageReport.failed("drill", "x", Optional.empty()))
        .hasMessage("--failed drill: give --platform NAME (a platform's stage)");
  }

  @Test
  @DisplayName("a link given on the command line is the report's link")
  void withUrl() throws Exception {
    StageReport report = of("{\"lanes\": {\"images\": []}}").withUrl(Optional.of("https://zuul.example.org/build/1"));

    assertThat(report.body()).containsEntry("url", "https://zuul.example.org/build/1");
  }
}
