package io.lanes.gerrit.query;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.gerrit.acceptance.testsuite.project.TestProjectUpdate.allowLabel;
import static com.google.gerrit.server.group.SystemGroupBackend.REGISTERED_USERS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gerrit.extensions.api.changes.ReviewInput;
import com.google.gerrit.extensions.common.ChangeInfo;
import com.google.gerrit.extensions.common.LabelDefinitionInput;
import com.google.gerrit.extensions.restapi.BadRequestException;
import io.lanes.gerrit.LanesDaemonTest;
import io.lanes.gerrit.SettableTimeModule;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Before;
import org.junit.Test;

/**
 * The plugin's search operators on a real in-process Gerrit: every example of config.md's "Search operators" runs as
 * a real query, before a freeze and during one, and finds exactly the changes it says.
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.SettableTimeModule")
public class SearchOperatorsIT extends LanesDaemonTest {
  private static final Instant BEFORE_FREEZE = Instant.parse("2026-11-24T12:00:00Z");
  private static final Instant IN_FREEZE = Instant.parse("2026-12-25T12:00:00Z");
  private static final Pattern EXAMPLES =
      Pattern.compile("```\\n(status:open platform_lanes:acme\\n.*?)```", Pattern.DOTALL);

  /** acme, ready to deploy (Verified+1, an owner's Code-Review+2). */
  private String acmeReady;
  /** acme, no votes. */
  private String acmeBare;
  /** globex, Verified+1. */
  private String globexReady;
  /** master: none of Lanes' business. */
  private String onMaster;

  @Before
  public void setUpChanges() throws Exception {
    SettableTimeModule.now = BEFORE_FREEZE;
    LabelDefinitionInput input = new LabelDefinitionInput();
    input.values = Map.of("+1", "yes", " 0", "no vote", "-1", "no");
    input.function = "NoBlock";
    gApi.projects().name(project.get()).label("Verified").create(input);
    gApi.projects().name(project.get()).label("Lanes-Override").create(input);
    projectOperations
        .project(project)
        .forUpdate()
        .add(allowLabel("Verified").ref("refs/*").group(REGISTERED_USERS).range(-1, 1))
        .add(allowLabel("Lanes-Override").ref("refs/*").group(REGISTERED_USERS).range(-1, 1))
        .update();
    pushMap(MAP).assertOkStatus();
    checkout("master");
    onMaster = change("refs/for/master", "not a manifest: master is none of Lanes' business\n");
    createPlatformBranch("acme");
    acmeReady = change("refs/for/platform/acme", CLEAN_MANIFEST);
    review(acmeReady, new ReviewInput().label("Verified", 1).label("Code-Review", 2));
    checkout("platform/acme");
    acmeBare = change("refs/for/platform/acme", CLEAN_MANIFEST.replace("lms", "cms"));
    createPlatformBranch("globex");
    globexReady = change("refs/for/platform/globex", CLEAN_MANIFEST.replace("/acme/", "/globex/"));
    review(globexReady, new ReviewInput().label("Verified", 1));
  }

  private String change(String ref, String manifest) throws Exception {
    PushOneCommit.Result result = push(ref, Map.of("env/k8s/apps.yml", manifest));
    result.assertOkStatus();
    return result.getChangeId();
  }

  private void review(String changeId, ReviewInput input) throws Exception {
    gApi.changes().id(changeId).current().review(input);
  }

  /** The Change-Ids {@code query} finds in this test's project. */
  private Set<String> search(String query) throws Exception {
    List<ChangeInfo> found = gApi.changes().query(query + " project:" + project.get()).get();
    return found.stream().map(c -> c.changeId).collect(Collectors.toSet());
  }

  private static List<String> documentedExamples() throws Exception {
    String page;
    try (InputStream in = SearchOperatorsIT.class.getResourceAsStream("/Documentation/config.md")) {
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher block = EXAMPLES.matcher(page);
    assertThat(block.find()).isTrue();
    return block.group(1).lines().toList();
  }

  @Test
  public void everyDocumentedExampleFindsWhatItSaysBeforeAndDuringAFreeze() throws Exception {
    Map<String, Set<String>> before = new LinkedHashMap<>();
    before.put("status:open platform_lanes:acme", Set.of(acmeReady, acmeBare));
    before.put("status:open namespace_lanes:openedx-acme", Set.of(acmeReady, acmeBare));
    before.put("status:open is:frozen_lanes -has:freeze-override_lanes", Set.of());
    before.put("status:open has:deployable_lanes", Set.of(acmeReady, globexReady));
    before.put("status:open platform_lanes:acme -has:deployable_lanes", Set.of(acmeBare));
    assertThat(documentedExamples()).containsExactlyElementsIn(before.keySet()).inOrder();
    for (Map.Entry<String, Set<String>> example : before.entrySet()) {
      assertWithMessage(example.getKey()).that(search(example.getKey())).containsExactlyElementsIn(example.getValue());
    }

    SettableTimeModule.now = IN_FREEZE;
    assertThat(search("status:open is:frozen_lanes -has:freeze-override_lanes")).containsExactly(acmeReady, acmeBare);
    assertThat(search("status:open has:deployable_lanes")).containsExactly(globexReady);
    assertThat(search("status:open platform_lanes:acme -has:deployable_lanes")).containsExactly(acmeReady, acmeBare);

    review(acmeReady, new ReviewInput().label("Lanes-Override", 1));
    assertThat(search("status:open is:frozen_lanes -has:freeze-override_lanes")).containsExactly(acmeBare);
    assertThat(search("has:freeze-override_lanes")).containsExactly(acmeReady);
    assertThat(search("is:frozen_lanes")).containsExactly(acmeReady, acmeBare);
  }

  @Test
  public void operatorsAloneNeedNoIndexedOperator() throws Exception {
    assertThat(search("platform_lanes:globex")).containsExactly(globexReady);
    assertThat(search("namespace_lanes:openedx-globex OR platform_lanes:acme"))
        .containsExactly(globexReady, acmeReady, acmeBare);
    assertThat(search("status:open")).contains(onMaster);
    assertThat(search("status:open -platform_lanes:acme")).containsExactly(onMaster, globexReady);
    assertThat(search("-platform_lanes:acme -platform_lanes:globex")).containsExactly(onMaster);
  }

  @Test
  public void unknownPlatformOrNamespaceMatchesNothing() throws Exception {
    assertThat(search("platform_lanes:initech")).isEmpty();
    assertThat(search("namespace_lanes:kube-system")).isEmpty();
  }

  @Test
  public void emptyValueIsRefusedNamingTheOperator() {
    BadRequestException e =
        assertThrows(BadRequestException.class, () -> gApi.changes().query("platform_lanes:\"\"").get());
    assertThat(e.getMessage()).contains("platform_lanes: needs a value");
  }

  @Test
  public void changeOnMasterIsNeverDeployable() throws Exception {
    assertThat(search("has:deployable_lanes")).doesNotContain(onMaster);
    assertThat(search("is:frozen_lanes OR has:freeze-override_lanes")).doesNotContain(onMaster);
  }
}
