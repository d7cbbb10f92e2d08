package io.lanes.gerrit.page;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's Lanes page ({@code /plugins/lanes/static/lanes.html}, static resources in the plugin jar and the
 * plugin's REST API) in headless Chromium against the real standalone Gerrit daemon ({@code src/services/gerrit.sh}
 * with the packaged plugin): a project with two platforms, one frozen now, and four open changes. Runs after {@code
 * package} (failsafe); the screenshot is saved in {@code target/browser/lanes-page.png}.
 */
class LanesPageBrowserIT {
  private static final Path SCREENSHOT = Path.of("target/browser/lanes-page.png");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private static GerritDaemon gerrit;
  private static String project;
  private static Map<String, Integer> changes;
  private static String acmeFreeze;
  private static String globexFreeze;

  @BeforeAll
  static void setUpProject(@TempDir Path work) throws Exception {
    gerrit = GerritDaemon.start();
    project = "lanes-page-" + Long.toString(System.nanoTime(), 36);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    acmeFreeze = MINUTES.format(now.minus(Duration.ofHours(1))) + "/" + MINUTES.format(now.plus(Duration.ofDays(2)));
    globexFreeze =
        MINUTES.format(now.plus(Duration.ofDays(30))) + "/" + MINUTES.format(now.plus(Duration.ofDays(32)));
    gerrit.rest("PUT", "/projects/" + project, "{\"create_empty_commit\": true}");
    String admins = gerrit.rest("GET", "/groups/Administrators", null).getAsJsonObject().get("id").getAsString();
    gerrit.rest("POST", "/projects/" + project + "/access",
        "{\"add\": {\"refs/meta/config\": {\"permissions\": {\"push\": {\"rules\": {\"" + admins
            + "\": {\"action\": \"ALLOW\"}}}}}}}");
    for (String label : List.of("Verified", "Lanes-Override")) {
      gerrit.rest("PUT", "/projects/" + project + "/labels/" + label,
          "{\"values\": {\"+1\": \"yes\", \" 0\": \"no vote\", \"-1\": \"no\"}, \"function\": \"NoBlock\"}");
      gerrit.rest("POST", "/projects/" + project + "/access",
          "{\"add\": {\"refs/heads/*\": {\"permissions\": {\"label-" + label + "\": {\"rules\": {\"" + admins
              + "\": {\"action\": \"ALLOW\", \"min\": -1, \"max\": 1}}}}}}}");
    }
    String map =
        "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = prod\n  protected = true\n"
            + "  ownerGroup = Administrators\n  freeze = " + acmeFreeze + "\n"
            + "[platform \"globex\"]\n  namespace = openedx-globex\n  cluster = prod\n  freeze = " + globexFreeze + "\n"
            + "[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n";
    CredentialsProvider credentials = new UsernamePasswordCredentialsProvider(gerrit.user, gerrit.token);
    try (Git git = Git.cloneRepository().setURI(gerrit.url + "/a/" + project).setCredentialsProvider(credentials)
        .setDirectory(work.resolve("clone").toFile()).call()) {
      git.fetch().setCredentialsProvider(credentials).setRefSpecs("refs/meta/config:refs/remotes/origin/meta-config")
          .call();
      git.checkout().setName("meta-config").setCreateBranch(true).setStartPoint("origin/meta-config").call();
      Files.writeString(work.resolve("clone/lanes.config"), map);
      commit(git, "Map acme and globex", null);
      push(git, credentials, "HEAD:refs/meta/config");
      for (String platform : List.of("acme", "globex")) {
        gerrit.rest("PUT", "/projects/" + project + "/branches/" + GerritDaemon.encode("platform/" + platform),
            "{\"revision\": \"master\"}");
      }
      changes = Map.of(
          "acme-ready", change(git, credentials, work, "acme", "Bump the acme LMS image"),
          "acme-overridden", change(git, credentials, work, "acme", "Hotfix the acme CMS during the freeze"),
          "globex-ready", change(git, credentials, work, "globex", "Scale the globex workers"),
          "globex-bare", change(git, credentials, work, "globex", "Try a new globex theme"));
    }
    review(changes.get("acme-ready"), "{\"Verified\": 1, \"Code-Review\": 2}");
    review(changes.get("acme-overridden"), "{\"Verified\": 1, \"Code-Review\": 2, \"Lanes-Override\": 1}");
    review(changes.get("globex-ready"), "{\"Verified\": 1}");
  }

  private static int change(Git git, CredentialsProvider credentials, Path work, String platform, String subject)
      throws Exception {
    git.fetch().setCredentialsProvider(credentials)
        .setRefSpecs("refs/heads/platform/" + platform + ":refs/remotes/origin/platform/" + platform).call();
    git.checkout().setName("origin/platform/" + platform).call();
    Path manifest = work.resolve("clone/env/k8s/apps.yml");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\nspec:\n  template:\n    spec:\n"
            + "      containers:\n        - name: lms\n          image: localhost:5000/" + platform + "/openedx:"
            + Math.abs(subject.hashCode()) + "\n");
    String changeId = "I" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-1").digest((project + subject).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    git.add().addFilepattern("env").call();
    commit(git, subject, changeId);
    push(git, credentials, "HEAD:refs/for/platform/" + platform);
    JsonElement found = gerrit.rest("GET", "/changes/?q=change:" + changeId, null);
    return found.getAsJsonArray().get(0).getAsJsonObject().get("_number").getAsInt();
  }

  private static void commit(Git git, String subject, String changeId) throws Exception {
    git.add().addFilepattern(".").call();
    PersonIdent admin = new PersonIdent("Administrator", "admin@example.com");
    git.commit().setMessage(subject + (changeId == null ? "" : "\n\nChange-Id: " + changeId + "\n"))
        .setAuthor(admin).setCommitter(admin).setSign(false).call();
  }

  private static void push(Git git, CredentialsProvider credentials, String refSpec) throws Exception {
    for (PushResult result : git.push().setCredentialsProvider(credentials).setRefSpecs(
        new org.eclipse.jgit.transport.RefSpec(refSpec)).call()) {
      for (RemoteRefUpdate update : result.getRemoteUpdates()) {
        assertWithMessage(refSpec + ": " + result.getMessages())
            .that(update.getStatus())
            .isEqualTo(RemoteRefUpdate.Status.OK);
      }
    }
  }

  private static void review(int change, String labels) throws Exception {
    gerrit.rest("POST", "/changes/" + change + "/revisions/current/review", "{\"labels\": " + labels + "}");
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
    assertThat(row(acme, "gate")).startsWith("frozen until " + acmeFreeze.substring(acmeFreeze.indexOf('/') + 1, acmeFreeze.length() - 1));
    assertThat(row(acme, "release")).isEqualTo("not reported to Gerrit");
    JsonObject ready = change(acme, changes.get("acme-ready"));
    assertThat(ready.get("subject").getAsString()).isEqualTo("Bump the acme LMS image");
    assertThat(ready.get("gate").getAsString()).isEqualTo("blocked");
    assertThat(ready.getAsJsonArray("reasons").get(0).getAsString()).startsWith("platform acme is frozen until ");
    assertThat(ready.get("link").getAsString()).isEqualTo("/c/" + changes.get("acme-ready"));
    assertThat(change(acme, changes.get("acme-overridden")).get("gate").getAsString()).isEqualTo("overridden");

    JsonObject globex = platform(shown, "globex");
    assertThat(row(globex, "owners")).isEqualTo("project owners");
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
