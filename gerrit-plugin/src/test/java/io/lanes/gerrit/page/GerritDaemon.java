package io.lanes.gerrit.page;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real standalone Gerrit daemon of {@code src/services/gerrit.sh} (the packaged plugin jar in its site), started
 * once per test JVM and stopped at exit if this JVM started it; REST with the admin's HTTP token.
 */
final class GerritDaemon {
  private static GerritDaemon running;

  final String url;
  final String user;
  final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private GerritDaemon(String url, String user, String token) {
    this.url = url;
    this.user = user;
    this.token = token;
  }

  static synchronized GerritDaemon start() throws Exception {
    if (running == null) {
      boolean wasRunning = script("env").exitCode == 0;
      Result started = script("start");
      if (started.exitCode != 0) {
        throw new IllegalStateException("src/services/gerrit.sh start: exit " + started.exitCode);
      }
      Map<String, String> facts = new LinkedHashMap<>();
      started.stdout.lines()
          .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
          .forEach(line -> facts.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
      Path served = Path.of(facts.get("GERRIT_SITE"), "plugins", "lanes.jar");
      Path built = root().resolve("gerrit-plugin/target/lanes.jar");
      if (wasRunning && Files.mismatch(served, built) != -1) {
        throw new IllegalStateException(
            "a Gerrit daemon already runs at " + facts.get("GERRIT_URL") + " with another lanes.jar than " + built
                + ": stop it (src/services/gerrit.sh stop) so that the tests start one with this build");
      }
      running =
          new GerritDaemon(
              facts.get("GERRIT_URL"),
              facts.get("GERRIT_USER"),
              Files.readString(Path.of(facts.get("GERRIT_TOKEN_FILE"))).strip());
      if (!wasRunning) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> script("stop"), "stop-gerrit"));
      }
    }
    return running;
  }

  /** The repository's root, above the module's directory. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("src/services"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("src/services not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /** A REST call as the admin ({@code /a/...}); the JSON answer, or an error naming the call and status. */
  JsonElement rest(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/a" + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    String text = response.body().startsWith(")]}'") ? response.body().substring(4) : response.body();
    return text.isBlank() ? null : JsonParser.parseString(text);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private record Result(int exitCode, String stdout) {}

  private static Result script(String verb) {
    Path script = root().resolve("src/services/gerrit.sh");
    try {
      Process process =
          new ProcessBuilder("bash", script.toString(), verb).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " " + verb + ": still running after 5 minutes");
      }
      return new Result(process.exitValue(), stdout);
    } catch (IOException e) {
      throw new IllegalStateException(script + " " + verb + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(script + " " + verb + ": interrupted", e);
    }
  }
}
