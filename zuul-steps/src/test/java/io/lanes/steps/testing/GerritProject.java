package io.lanes.steps.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A project of the real Gerrit (gerrit.sh), reached as its administrator: what the tests that need Lanes' plugin to
 * know a platform do to it. The plugin reads the platform map from the project's {@code refs/meta/config}
 * ({@code lanes.config}) and closes a platform branch no map names.
 */
public final class GerritProject {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String url;
  private final String name;
  private final String authorization;
  private final UsernamePasswordCredentialsProvider credentials;

  /** Project NAME of the Gerrit at URL, as USER with TOKEN (an administrator's HTTP token). */
  public GerritProject(String url, String user, String token, String name) {
    this.url = url;
    this.name = name;
    authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    credentials = new UsernamePasswordCredentialsProvider(user, token);
  }

  /**
   * Makes MAP the project's platform map: a commit of {@code lanes.config} on {@code refs/meta/config}, pushed by the
   * administrator (Administrators get push there and forge author/committer first). WORK holds the clone.
   */
  public void pushPlatformMap(Path map, Path work) throws Exception {
    String admins = rest("GET", "/a/groups/Administrators", null).path("id").asText();
    String allow = "{\"rules\": {\"" + admins + "\": {\"action\": \"ALLOW\"}}}";
    rest("POST", "/a/projects/" + encode(name) + "/access", "{\"add\": {\"refs/meta/config\": {\"permissions\": {"
        + "\"push\": " + allow + "}}, \"refs/*\": {\"permissions\": {\"forgeAuthor\": " + allow
        + ", \"forgeCommitter\": " + allow + "}}}}");
    Path clone = Files.createTempDirectory(work, "meta-config-");
    try (Git git = Git.init().setDirectory(clone.toFile()).call()) {
      git.fetch().setRemote(url + "/a/" + name).setCredentialsProvider(credentials)
          .setRefSpecs(new RefSpec("refs/meta/config:refs/remotes/origin/meta-config")).call();
      git.checkout().setName("origin/meta-config").call();
      Files.copy(map, clone.resolve("lanes.config"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      git.add().addFilepattern("lanes.config").call();
      git.commit().setMessage("Platform map").setAuthor("Lanes test", "lanes-test@lanes.invalid")
          .setCommitter("Lanes test", "lanes-test@lanes.invalid").call();
      pushed(git.push().setRemote(url + "/a/" + name).setCredentialsProvider(credentials)
          .add("HEAD:refs/meta/config").call(), "the platform map of " + name);
    }
  }

  /** Asserts that every ref of a push was updated. */
  public static void pushed(Iterable<PushResult> results, String what) {
    results.forEach(result -> result.getRemoteUpdates().forEach(update -> assertThat(update.getStatus().name())
        .as("push of %s: %s", what, update.getMessage()).isEqualTo("OK")));
  }

  private JsonNode rest(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", authorization)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
    String text = response.body();
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text.substring(text.indexOf('\n') + 1));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
