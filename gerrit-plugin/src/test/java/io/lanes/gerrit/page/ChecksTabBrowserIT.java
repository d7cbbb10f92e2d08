package io.lanes.gerrit.page;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's Checks provider ({@code static/lanes-checks.js}, compiled from TypeScript typed against
 * {@code @gerritcodereview/typescript-api} 3.13.0) in headless Chromium, loaded by {@code checks-host.html}: a
 * stand-in for Gerrit's change page that implements the part of Gerrit's plugin API the provider uses, since Gerrit's
 * web UI is in no registry here. The provider and every result come from the real standalone Gerrit daemon.
 */
class ChecksTabBrowserIT {
  private static final String MAP =
      "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = prod\n  protected = true\n"
          + "  ownerGroup = Administrators\n"
          + "[platform \"globex\"]\n  namespace = openedx-globex\n  cluster = prod\n"
          + "  allowedImage = docker.io/library/redis:\n"
          + "[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n";

  private static GerritDaemon gerrit;
  private static String project;
  private static int acmeChange;
  private static int globexChange;
  private static int masterChange;

  @BeforeAll
  static void setUpProject(@TempDir Path work) throws Exception {
    gerrit = GerritDaemon.start();
    try (PlatformProject lanes = PlatformProject.create(gerrit, "lanes-checks", work)) {
      project = lanes.name;
      lanes.pushMap(MAP);
      lanes.createPlatformBranch("acme");
      lanes.createPlatformBranch("globex");
      acmeChange = lanes.pushChange("platform/acme", "Bump the acme LMS image", "env/k8s/apps.yml",
          PlatformProject.deployment("localhost:5000/acme/openedx:change-ps-1"));
      lanes.review(acmeChange, "{\"Verified\": 1}");
      lanes.report(acmeChange,
          "{\"stage\": \"render\", \"status\": \"PASSED\", \"summary\": \"1 object changed in openedx-acme\","
              + " \"url\": \"https://zuul.example.org/t/lanes/build/1/preview.md\","
              + " \"items\": [\"Deployment/lms changed\"]}");
      lanes.report(acmeChange,
          "{\"stage\": \"preview\", \"status\": \"PASSED\", \"summary\": \"preview of acme in openedx-acme-c"
              + acmeChange + "\", \"url\": \"http://acme-c" + acmeChange + ".preview.example.org\"}");
      // Allowed when pushed; the map below no longer allows it, so the policy run fails on this file's first line.
      globexChange = lanes.pushChange("platform/globex", "Run redis beside the LMS", "env/k8s/apps.yml",
          PlatformProject.deployment("redis:7"));
      lanes.pushMap(MAP.replace("  allowedImage = docker.io/library/redis:\n", ""));
      masterChange = lanes.pushChange("master", "Explain the project", "README", "none of Lanes' business\n");
    }
  }

  private static JsonObject checks(int change, String screenshot) throws Exception {
    return HeadlessChromium.showHosted(
        gerrit,
        "/lanes-test-host/checks.html?repo=" + GerritDaemon.encode(project) + "&change=" + change,
        "checks-host.html",
        "admin",
        Path.of("target/browser/" + screenshot));
  }

  private static JsonObject run(JsonObject shown, String name) {
    for (JsonElement run : shown.getAsJsonArray("runs")) {
      if (run.getAsJsonObject().get("name").getAsString().equals(name)) {
        return run.getAsJsonObject();
      }
    }
    throw new AssertionError("no run " + name + ": " + shown);
  }

  private static JsonObject result(JsonObject run, int index) {
    return run.getAsJsonArray("results").get(index).getAsJsonObject();
  }

  @Test
  @DisplayName("a change shows its target, a passing policy, and the render and preview its jobs reported, from the real Gerrit")
  void targetPolicyAndReportedRuns() throws Exception {
    JsonObject shown = checks(acmeChange, "checks-acme.png");

    assertThat(shown.get("state").getAsString()).isEqualTo("ready");
    assertThat(shown.getAsJsonArray("runs").size()).isEqualTo(4);
    JsonObject render = run(shown, "Lanes render");
    assertThat(result(render, 0).get("category").getAsString()).isEqualTo("SUCCESS");
    assertThat(result(render, 0).get("summary").getAsString()).isEqualTo("1 object changed in openedx-acme");
    assertThat(result(render, 0).getAsJsonArray("urls").get(0).getAsString())
        .isEqualTo("https://zuul.example.org/t/lanes/build/1/preview.md");
    JsonObject preview = run(shown, "Lanes preview");
    assertThat(result(preview, 0).get("summary").getAsString())
        .isEqualTo("preview of acme in openedx-acme-c" + acmeChange);
    assertThat(result(preview, 0).getAsJsonArray("urls").get(0).getAsString())
        .isEqualTo("http://acme-c" + acmeChange + ".preview.example.org");
    JsonObject target = run(shown, "Lanes target");
    assertThat(target.get("status").getAsString()).isEqualTo("COMPLETED");
    assertThat(result(target, 0).get("summary").getAsString())
        .isEqualTo("deploys to openedx-acme on prod (platform acme)");
    assertThat(result(target, 1).get("category").getAsString()).isEqualTo("WARNING");
    assertThat(result(target, 1).get("summary").getAsString())
        .isEqualTo("Lanes-Deploy: needs Code-Review+2 from a member of Administrators (platform acme is protected)");
    JsonObject policy = run(shown, "Lanes policy");
    assertThat(policy.getAsJsonArray("results").size()).isEqualTo(1);
    assertThat(result(policy, 0).get("category").getAsString()).isEqualTo("SUCCESS");
    assertThat(result(policy, 0).get("summary").getAsString()).isEqualTo("lane policy: no violation on platform acme");
  }

  @Test
  @DisplayName("a failing policy check points at the file and line of the violation")
  void failingPolicyPointsAtFileAndLine() throws Exception {
    JsonObject shown = checks(globexChange, "checks-globex-policy.png");

    JsonObject policy = run(shown, "Lanes policy");
    assertThat(policy.get("description").getAsString()).isEqualTo("lane policy: 1 violation on platform globex");
    JsonObject violation = result(policy, 0);
    assertThat(violation.get("category").getAsString()).isEqualTo("ERROR");
    assertThat(violation.get("summary").getAsString())
        .startsWith("env/k8s/apps.yml:1: Deployment/lms: container \"lms\" image \"redis:7\" is not allowed");
    assertThat(violation.getAsJsonArray("links").get(0).getAsString())
        .isEqualTo("/c/" + project + "/+/" + globexChange + "/1/env/k8s/apps.yml#1");
  }

  @Test
  @DisplayName("the real Gerrit tells its web UI to load the provider")
  void gerritAdvertisesTheProviderToItsWebUi() throws Exception {
    JsonObject info = gerrit.rest("GET", "/config/server/info", null).getAsJsonObject();

    assertThat(info.getAsJsonObject("plugin").getAsJsonArray("js_resource_paths").toString())
        .contains("plugins/lanes/static/lanes-checks.js");
  }

  @Test
  @DisplayName("a change off platform branches gets no run")
  void noRunOffPlatformBranches() throws Exception {
    JsonObject shown = checks(masterChange, "checks-master.png");

    assertThat(shown.get("state").getAsString()).isEqualTo("ready");
    assertThat(shown.getAsJsonArray("runs")).isEmpty();
  }
}
