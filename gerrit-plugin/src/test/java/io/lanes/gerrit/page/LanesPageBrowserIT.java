package io.lanes.gerrit.page;

import static com.google.common.truth.Truth.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's Lanes page ({@code /plugins/lanes/static/lanes.html}, static resources in the plugin jar and the
 * plugin's REST API) in headless Chromium against the real standalone Gerrit daemon ({@code src/services/gerrit.sh}
 * with the packaged plugin): a project with two platforms, one frozen now, four open changes, and a merged change
 * whose deploy reported a release. Runs after {@code
 * package} (failsafe); the screenshot is saved in {@code target/browser/lanes-page.png}.
 */
class LanesPageBrowserIT {
  private static final Path SCREENSHOT = Path.of("target/browser/lanes-page.png");
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private static GerritDaemon gerrit;
  private static String project;
  private static Map<String, Integer> changes;
  private static String acmeFreeze;
  private static String globexFreeze;
  private static int deployed;

  @BeforeAll
  static void setUpProject(@TempDir Path work) throws Exception {
    gerrit = GerritDaemon.start();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    acmeFreeze = MINUTES.format(now.minus(Duration.ofHours(1))) + "/" + MINUTES.format(now.plus(Duration.ofDays(2)));
    globexFreeze =
        MINUTES.format(now.plus(Duration.ofDays(30))) + "/" + MINUTES.format(now.plus(Duration.ofDays(32)));
    try (PlatformProject lanes = PlatformProject.create(gerrit, "lanes-page", work)) {
      project = lanes.name;
      lanes.pushMap(
          "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = prod\n  protected = true\n"
              + "  ownerGroup = Administrators\n  freeze = " + acmeFreeze + "\n"
              + "[platform \"globex\"]\n  namespace = openedx-globex\n  cluster = prod\n  freeze = " + globexFreeze
              + "\n[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n");
      lanes.createPlatformBranch("acme");
      lanes.createPlatformBranch("globex");
      changes = Map.of(
          "acme-ready", change(lanes, "acme", "Bump the acme LMS image"),
          "acme-overridden", change(lanes, "acme", "Hotfix the acme CMS during the freeze"),
          "globex-ready", change(lanes, "globex", "Scale the globex workers"),
          "globex-bare", change(lanes, "globex", "Try a new globex theme"));
      lanes.review(changes.get("acme-ready"), "{\"Verified\": 1, \"Code-Review\": 2}");
      lanes.review(changes.get("acme-overridden"), "{\"Verified\": 1, \"Code-Review\": 2, \"Lanes-Override\": 1}");
      lanes.review(changes.get("globex-ready"), "{\"Verified\": 1}");
      deployed = change(lanes, "globex", "Open globex to the public");
      lanes.review(deployed, "{\"Verified\": 1, \"Code-Review\": 2}");
      lanes.submit(deployed);
      lanes.report(deployed,
          "{\"stage\": \"deploy\", \"status\": \"PASSED\", \"summary\": \"release 7 of globex\", \"release\": 7}");
      lanes.reportPlatform(
          "{\"platform\": \"acme\", \"stage\": \"backup\", \"status\": \"PASSED\","
              + " \"summary\": \"MySQL and MongoDB dumped to s3://openedx-backups/acme/\"}");
      lanes.reportPlatform(
          "{\"platform\": \"acme\", \"stage\": \"drill\", \"status\": \"FAILED\","
              + " \"summary\": \"restore took 95 minutes, over the 60-minute RTO\"}");
    }
  }

  private static int change(PlatformProject lanes, String platform, String subject) throws Exception {
    return lanes.pushChange("platform/" + platform, subject, "env/k8s/apps.yml",
        PlatformProject.deployment("localhost:5000/" + platform + "/openedx:" + Math.abs(subject.hashCode())));
  }

  private static JsonObject platform(JsonObject shown, String name) {
    for (JsonElement p : shown.getAsJsonArray("platforms")) {
      if (p.getAsJsonObject().get("name").getAsString().equals(name)) {
        return p.getAsJsonObject();
      }
    }
    throw new AssertionError("no platform " + name + " on the page: " + shown);
  }

  private static JsonObject change(JsonObject platform, int number) {
    for (JsonElement c : platform.getAsJsonArray("changes")) {
      if (c.getAsJsonObject().get("number").getAsInt() == number) {
        return c.getAsJsonObject();
      }
    }
    throw new AssertionError("no change " + number + " under " + platform.get("name") + ": " + platform);
  }

  private static String row(JsonObject platform, String row) {
    return platform.getAsJsonObject("rows").get(row).getAsString();
  }

  @Test
  @DisplayName("the Lanes page shows every platform's lane, gate and open changes from the real Gerrit")
  void showsEveryPlatformWithItsLaneGateAndOpenChanges() throws Exception {
    JsonObject shown =
        HeadlessChromium.show(gerrit, "/plugins/lanes/static/lanes.html?project=" + project, "admin", SCREENSHOT);

    assertThat(shown.get("state").getAsString()).isEqualTo("ready");
    assertThat(shown.getAsJsonArray("pageErrors")).isEmpty();
    assertThat(shown.get("summary").getAsString()).startsWith("Project " + project + ": 2 platforms, as of ");
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000L);

    JsonObject acme = platform(shown, "acme");
    assertThat(row(acme, "branch")).isEqualTo("platform/acme");
    assertThat(row(acme, "namespace")).isEqualTo("openedx-acme");
    assertThat(row(acme, "cluster")).isEqualTo("prod (https://10.0.0.10:6443)");
    assertThat(row(acme, "registry")).isEqualTo("localhost:5000");
    assertThat(row(acme, "owners")).isEqualTo("Administrators (protected: their Code-Review+2 is needed)");
    String freezeEnd = acmeFreeze.substring(acmeFreeze.indexOf('/') + 1, acmeFreeze.length() - 1);
    assertThat(row(acme, "gate")).startsWith("frozen until " + freezeEnd);
    assertThat(row(acme, "release")).isEqualTo("none reported to Gerrit");
    assertThat(row(acme, "last backup")).startsWith("passed at ");
    assertThat(row(acme, "last backup")).endsWith(": MySQL and MongoDB dumped to s3://openedx-backups/acme/");
    assertThat(row(acme, "last drill")).endsWith(": restore took 95 minutes, over the 60-minute RTO");
    assertThat(row(acme, "last drill")).startsWith("failed at ");
    JsonObject ready = change(acme, changes.get("acme-ready"));
    assertThat(ready.get("subject").getAsString()).isEqualTo("Bump the acme LMS image");
    assertThat(ready.get("gate").getAsString()).isEqualTo("blocked");
    assertThat(ready.getAsJsonArray("reasons").get(0).getAsString()).startsWith("platform acme is frozen until ");
    assertThat(ready.get("link").getAsString()).isEqualTo("/c/" + changes.get("acme-ready"));
    assertThat(change(acme, changes.get("acme-overridden")).get("gate").getAsString()).isEqualTo("overridden");

    JsonObject globex = platform(shown, "globex");
    assertThat(row(globex, "owners")).isEqualTo("project owners");
    assertThat(row(globex, "release")).isEqualTo("release 7 (deployed from change " + deployed + ")");
    assertThat(row(globex, "last backup")).isEqualTo("none reported");
    assertThat(globex.getAsJsonArray("changes").size()).isEqualTo(2);
    assertThat(row(globex, "gate")).isEqualTo("open; next freeze " + globexFreeze);
    assertThat(change(globex, changes.get("globex-ready")).get("gate").getAsString()).isEqualTo("deployable");
    JsonObject bare = change(globex, changes.get("globex-bare"));
    assertThat(bare.get("gate").getAsString()).isEqualTo("blocked");
    assertThat(bare.getAsJsonArray("reasons").get(0).getAsString()).isEqualTo("needs Verified+1");
  }

  @Test
  @DisplayName("the page shows what the plugin's REST API answers, change for change")
  void showsWhatTheRestApiAnswers() throws Exception {
    JsonObject overview = gerrit.rest("GET", "/projects/" + project + "/lanes~overview", null).getAsJsonObject();
    JsonObject shown =
        HeadlessChromium.show(gerrit, "/plugins/lanes/static/lanes.html?project=" + project, "admin",
            Path.of("target/browser/lanes-page-again.png"));

    for (JsonElement element : overview.getAsJsonArray("platforms")) {
      JsonObject lane = element.getAsJsonObject();
      JsonObject onPage = platform(shown, lane.get("name").getAsString());
      JsonArray open = lane.getAsJsonArray("open_changes");
      assertThat(onPage.getAsJsonArray("changes").size()).isEqualTo(open.size());
      for (JsonElement c : open) {
        JsonObject change = c.getAsJsonObject();
        assertThat(change(onPage, change.get("number").getAsInt()).get("gate").getAsString())
            .isEqualTo(change.get("gate").getAsString().toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  @Test
  @DisplayName("a project that does not exist is one clear error on the page")
  void unknownProjectIsOneClearError() throws Exception {
    JsonObject shown =
        HeadlessChromium.show(gerrit, "/plugins/lanes/static/lanes.html?project=no-such-project", "admin",
            Path.of("target/browser/lanes-page-error.png"));

    assertThat(shown.get("state").getAsString()).isEqualTo("error");
    assertThat(shown.get("error").getAsString()).contains("/projects/no-such-project/lanes~overview: 404");
  }
}
