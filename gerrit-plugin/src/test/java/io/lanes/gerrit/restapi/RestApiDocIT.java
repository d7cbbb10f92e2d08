package io.lanes.gerrit.restapi;

import static com.google.common.truth.Truth.assertThat;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.TestPlugin;
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
 * The examples of {@code Documentation/rest-api.md} against real responses: the map, the requests and the response
 * bodies are all read from the page, so the page cannot drift from the plugin.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.SettableTimeModule")
public class RestApiDocIT extends LanesDaemonTest {
  private static final Pattern FENCE = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REQUEST = Pattern.compile("GET (/\\S+) HTTP");

  /** The page's examples: the map, and each request's path with the JSON documented for it. */
  private record Examples(String map, Map<String, String> responses) {}

  private static Examples examples() throws Exception {
    String page;
    try (InputStream in = RestApiDocIT.class.getResourceAsStream("/Documentation/rest-api.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String map = null;
    String request = null;
    Map<String, String> responses = new LinkedHashMap<>();
    Matcher block = FENCE.matcher(page);
    while (block.find()) {
      String text = block.group(1);
      Matcher get = REQUEST.matcher(text);
      if (text.startsWith("[platform ")) {
        map = text;
      } else if (get.find()) {
        request = get.group(1);
      } else if (text.contains(")]}'") && request != null) {
        responses.put(request, text.substring(text.indexOf(")]}'") + 4));
        request = null;
      }
    }
    return new Examples(map, responses);
  }

  @Test
  public void everyDocumentedResponseMatchesTheRealOne() throws Exception {
    Examples examples = examples();
    assertThat(examples.map()).isNotNull();
    assertThat(examples.responses().keySet()).hasSize(4);
    SettableTimeModule.now = Instant.parse("2026-12-25T12:00:00Z");
    pushMap(examples.map()).assertOkStatus();
    createPlatformBranch("acme");
    PushOneCommit.Result change = push("refs/for/platform/acme", Map.of("env/k8s/apps.yml", CLEAN_MANIFEST));
    change.assertOkStatus();
    int number = change.getChange().getId().get();

    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, String> example : examples.responses().entrySet()) {
      String path = example.getKey();
      String expected = example.getValue();
      String realPath;
      if (path.endsWith("/lanes~platforms")) {
        realPath = "/projects/" + project.get() + "/lanes~platforms";
      } else if (path.endsWith("/lanes~overview")) {
        realPath = "/projects/" + project.get() + "/lanes~overview";
        expected =
            expected
                .replace("\"openedx/platforms\"", "\"" + project.get() + "\"")
                .replace("\"number\": 1,", "\"number\": " + number + ",");
      } else if (path.endsWith("/lanes~policy")) {
        realPath = "/changes/" + number + "/revisions/current/lanes~policy";
      } else if (path.endsWith("/lanes~target")) {
        // The page shows change 1; this server numbers changes across tests.
        realPath = "/changes/" + number + "/revisions/current/lanes~target";
        expected = expected.replace("change-1-ps-1", "change-" + number + "-ps-1");
      } else {
        throw new AssertionError("no real request for the documented " + path);
      }
      RestResponse response = adminRestSession.get(realPath);
      response.assertOK();
      JsonElement actual = JsonParser.parseString(response.getEntityContent());
      assertThat(actual).isEqualTo(JsonParser.parseString(expected));
      checked.add(path);
    }
    assertThat(checked).hasSize(4);
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
