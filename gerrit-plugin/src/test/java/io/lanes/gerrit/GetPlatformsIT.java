package io.lanes.gerrit;

import static com.google.common.truth.Truth.assertThat;

import com.google.gerrit.acceptance.RestResponse;
import com.google.gerrit.acceptance.TestPlugin;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.Test;

/** {@code GET /projects/{project}/lanes~platforms} on a real in-process Gerrit. */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class GetPlatformsIT extends LanesDaemonTest {
  private static final String PLATFORMS_MAP =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
        protected = true
        ownerGroup = acme-maintainers
        freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z
        backup = nightly
      [platform "beta"]
        namespace = openedx-beta
        cluster = prod
        registry = registry.example.org:5000
      [cluster "prod"]
        server = https://10.0.0.10:6443
      [backup "nightly"]
        endpoint = http://127.0.0.1:8082
        bucket = openedx-backups
        credentialSecret = backup-s3
      """;

  @Test
  public void answersWithTheMapFromRefsMetaConfig() throws Exception {
    pushMap(PLATFORMS_MAP).assertOkStatus();

    RestResponse response = adminRestSession.get(platformsUrl());

    response.assertOK();
    JsonObject json = JsonParser.parseString(response.getEntityContent()).getAsJsonObject();
    JsonObject acme = json.getAsJsonObject("platforms").getAsJsonObject("acme");
    assertThat(acme.get("branch").getAsString()).isEqualTo("platform/acme");
    assertThat(acme.get("namespace").getAsString()).isEqualTo("openedx-acme");
    assertThat(acme.get("image_prefix").getAsString()).isEqualTo("localhost:5000/acme");
    assertThat(acme.get("is_protected").getAsBoolean()).isTrue();
    assertThat(acme.get("freezes").getAsJsonArray().get(0).getAsString())
        .isEqualTo("2026-12-20T00:00Z/2027-01-05T00:00Z");
    JsonObject beta = json.getAsJsonObject("platforms").getAsJsonObject("beta");
    assertThat(beta.get("image_prefix").getAsString()).isEqualTo("registry.example.org:5000/beta");
    assertThat(json.getAsJsonObject("clusters").getAsJsonObject("prod").get("server").getAsString())
        .isEqualTo("https://10.0.0.10:6443");
    assertThat(json.getAsJsonObject("backups").getAsJsonObject("nightly").get("credential_secret").getAsString())
        .isEqualTo("backup-s3");
  }

  @Test
  public void answersWithAnEmptyMapWithoutLanesConfig() throws Exception {
    RestResponse response = adminRestSession.get(platformsUrl());

    response.assertOK();
    JsonObject json = JsonParser.parseString(response.getEntityContent()).getAsJsonObject();
    assertThat(json.getAsJsonObject("platforms").size()).isEqualTo(0);
  }

  @Test
  public void answersConflictNamingEveryProblemOfAnInvalidMap() throws Exception {
    // Push validation refuses such a map; write it straight into the repository, as a pre-plugin map would be.
    writeMapBypassingValidation("[platform \"acme\"]\n  cluster = nowhere\n");

    RestResponse response = adminRestSession.get(platformsUrl());

    response.assertConflict();
    assertThat(response.getEntityContent())
        .isEqualTo(
            "lanes.config is invalid:\n"
                + "platform.acme.namespace: missing (required)\n"
                + "platform.acme.cluster: cluster \"nowhere\" is not declared (declared: none)");
  }

  private String platformsUrl() {
    return "/projects/" + project.get() + "/lanes~platforms";
  }
}
