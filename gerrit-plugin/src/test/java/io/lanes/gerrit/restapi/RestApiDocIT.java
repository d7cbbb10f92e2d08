package io.lanes.gerrit.restapi;

import static com.google.common.truth.Truth.assertThat;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.acceptance.config.GerritConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.lanes.gerrit.LanesDaemonTest;
import io.lanes.gerrit.SettableTimeModule;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The examples of {@code Documentation/rest-api.md} against real responses: the map, the requests (a POST with its
 * body) and the response bodies are all read from the page, in its order, so the page cannot drift from the plugin.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.SettableTimeModule")
public class RestApiDocIT extends LanesDaemonTest {
  private static final Pattern FENCE = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL);
  /** A documented request: method, path, and the body after the headers' blank line (POST). */
  private static final Pattern REQUEST =
      Pattern.compile("(GET|POST) (/\\S+) HTTP[^\\n]*\\n(?:.*?\\n\\n(.*))?", Pattern.DOTALL);

  /** One documented request: its method and path, its body (POST), and the JSON documented as its response. */
  private record Example(String method, String path, String body, String response) {}

  /** The page's examples: the map, and each request with the JSON documented for it, in the page's order. */
  private record Examples(String map, Map<String, Example> responses) {}

  private static Examples examples() throws Exception {
    String page;
    try (InputStream in = RestApiDocIT.class.getResourceAsStream("/Documentation/rest-api.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String map = null;
    Example request = null;
    Map<String, Example> responses = new LinkedHashMap<>();
    Matcher block = FENCE.matcher(page);
    while (block.find()) {
      String text = block.group(1);
      Matcher get = REQUEST.matcher(text);
      if (text.startsWith("[platform ")) {
        map = text;
      } else if (get.find()) {
        request = new Example(get.group(1), get.group(2), get.group(3), null);
      } else if (text.contains(")]}'") && request != null) {
        String response = text.substring(text.indexOf(")]}'") + 4);
        responses.put(
            request.method() + " " + request.path(),
            new Example(request.method(), request.path(), request.body(), response));
        request = null;
      }
    }
    return new Examples(map, responses);
  }

  @Test
  @GerritConfig(name = "plugin.lanes.reportingGroup", value = "Administrators")
  public void everyDocumentedResponseMatchesTheRealOne() throws Exception {
    Examples examples = examples();
    assertThat(examples.map()).isNotNull();
    assertThat(examples.responses().keySet()).hasSize(6);
    SettableTimeModule.now = Instant.parse("2026-12-25T12:00:00Z");
    pushMap(examples.map()).assertOkStatus();
    createPlatformBranch("acme");
    PushOneCommit.Result change = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));
    change.assertOkStatus();
    int number = change.getChange().getId().get();

    List<String> checked = new ArrayList<>();
    for (Example example : examples.responses().values()) {
      String path = example.path();
      String expected = example.response();
      String realPath;
      if (path.endsWith("/lanes~platforms")) {
        realPath = "/projects/" + project.get() + "/lanes~platforms";
      } else if (path.endsWith("/lanes~overview")) {
        realPath = "/projects/" + project.get() + "/lanes~overview";
        expected =
            expected
                .replace("\"openedx/platforms\"", "\"" + project.get() + "\"")
                .replace("\"number\": 1,", "\"number\": " + number + ",");
      } else if (path.endsWith("/lanes~results")) {
        realPath = "/changes/" + number + "/revisions/current/lanes~results";
      } else if (path.endsWith("/lanes~policy")) {
        realPath = "/changes/" + number + "/revisions/current/lanes~policy";
      } else if (path.endsWith("/lanes~target")) {
        // The page shows change 1; this server numbers changes across tests.
        realPath = "/changes/" + number + "/revisions/current/lanes~target";
        expected = expected.replace("change-1-ps-1", "change-" + number + "-ps-1");
      } else {
        throw new AssertionError("no real request for the documented " + path);
      }
      RestResponse response =
          example.method().equals("POST")
              ? adminRestSession.post(realPath, JsonParser.parseString(example.body()))
              : adminRestSession.get(realPath);
      response.assertOK();
      JsonElement actual = JsonParser.parseString(response.getEntityContent());
      assertThat(actual).isEqualTo(JsonParser.parseString(expected));
      checked.add(example.method() + " " + path);
    }
    assertThat(checked).hasSize(6);
  }

  @Test
  public void targetOfAChangeOffAPlatformBranchIsNotFound() throws Exception {
    pushMap(examples().map()).assertOkStatus();
    checkout("master");
    PushOneCommit.Result change = push("refs/for/master", Map.of("README", "hi\n"));

    RestResponse response =
        adminRestSession.get("/changes/" + change.getChange().getId().get() + "/revisions/current/lanes~target");

    response.assertNotFound();
    assertThat(response.getEntityContent()).contains("master, which is not a platform's branch");
  }
}
