package io.lanes.steps.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;

/**
 * A WireMock double of Keystone v3 and Magnum v1, its stubs written from the OpenStack API references (Identity
 * API v3 "Password authentication with scoped authorization"; Container Infrastructure Management API "Show details
 * of a ClusterTemplate", "Create new ClusterTemplate", "Show details of a cluster", "Create new cluster", "Update
 * information of cluster", "Show details about the CA certificate for a cluster", "Generate the CA certificate for
 * a cluster"). Request stubs match the bodies the reference documents, not only paths. No real Magnum or Keystone
 * runs here.
 */
public final class MagnumApiDouble {
  public static final String TOKEN = "gAAAAABtoken-from-keystone";
  public static final String PASSWORD = "canary-pw-7f3e9b1c";
  public static final String TEMPLATE_UUID = "0562d357-8641-4759-8fed-8173f02c9633";
  public static final String CLUSTER_UUID = "746e779a-751a-456b-a3e9-c883d734946f";
  public static final String OTHER_TEMPLATE_UUID = "9f1d2a3b-0000-4c4c-8888-aaaaaaaaaaaa";
  public static final String SPEC = "../src/sample-platform/clusters/prod.yaml";
  public static final String TEMPLATE_NAME = "prod-k8s-v1.30.4-fcos40-1";

  /** The body of POST /v1/clustertemplates for the sample spec, field by field from the API reference. */
  public static final String CREATE_TEMPLATE_BODY =
      """
      {"name": "prod-k8s-v1.30.4-fcos40-1", "coe": "kubernetes", "image_id": "fedora-coreos-40.20240906.3.0",
       "external_network_id": "public", "master_flavor_id": "m1.large", "flavor_id": "m1.xlarge",
       "network_driver": "calico", "volume_driver": "cinder", "docker_volume_size": 50,
       "docker_storage_driver": "overlay2", "registry_enabled": true, "master_lb_enabled": true,
       "floating_ip_enabled": false, "dns_nameserver": "10.0.0.2",
       "labels": {"auto_healing_enabled": "true", "auto_scaling_enabled": "false", "boot_volume_size": "50",
                  "cinder_csi_enabled": "true", "container_runtime": "containerd", "etcd_volume_size": "20",
                  "kube_tag": "v1.30.4", "registry_container": "lanes-registry"}}
      """;

  /** The body of POST /v1/clusters for the sample spec. */
  public static final String CREATE_CLUSTER_BODY =
      """
      {"name": "prod", "cluster_template_id": "%s", "master_count": 3, "node_count": 3, "keypair": "lanes-ops",
       "create_timeout": 60}
      """.formatted(TEMPLATE_UUID);

  public final WireMockServer server;

  public MagnumApiDouble(WireMockServer server) {
    this.server = server;
  }

  /** The OS_* environment of the double's cloud, with the canary password. */
  public Map<String, String> environment() {
    return Map.of(
        "OS_AUTH_URL", server.baseUrl() + "/identity",
        "OS_USERNAME", "lanes-ci",
        "OS_PASSWORD", PASSWORD,
        "OS_PROJECT_NAME", "openedx",
        "OS_USER_DOMAIN_NAME", "Default",
        "OS_PROJECT_DOMAIN_NAME", "Default",
        "OS_REGION_NAME", "RegionOne");
  }

  /** Keystone: POST /v3/auth/tokens with the password method and a project scope issues a token (201). */
  public MagnumApiDouble keystoneIssuesToken() {
    server.stubFor(
        post(urlEqualTo("/identity/v3/auth/tokens"))
            .withRequestBody(matchingJsonPath("$.auth.identity.methods[0]", equalTo("password")))
            .withRequestBody(matchingJsonPath("$.auth.identity.password.user.name", equalTo("lanes-ci")))
            .withRequestBody(matchingJsonPath("$.auth.identity.password.user.password", equalTo(PASSWORD)))
            .withRequestBody(matchingJsonPath("$.auth.identity.password.user.domain.name", equalTo("Default")))
            .withRequestBody(matchingJsonPath("$.auth.scope.project.name", equalTo("openedx")))
            .withRequestBody(matchingJsonPath("$.auth.scope.project.domain.name", equalTo("Default")))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Subject-Token", TOKEN)
                    .withBody(tokenBody())));
    return this;
  }

  /** Keystone: a wrong password is 401 with Keystone's error document. */
  public MagnumApiDouble keystoneRejectsPassword() {
    server.stubFor(
        post(urlEqualTo("/identity/v3/auth/tokens"))
            .willReturn(
                json(401, """
                    {"error": {"code": 401, "title": "Unauthorized",
                               "message": "The request you have made requires authentication."}}""")));
    return this;
  }

  /** Magnum: GET /v1/clustertemplates/{name} is 404 until the template is created, then shows it. */
  public MagnumApiDouble templateCreatedOnDemand() {
    server.stubFor(
        get(urlEqualTo("/v1/clustertemplates/" + TEMPLATE_NAME))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .inScenario("template").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound("ClusterTemplate " + TEMPLATE_NAME + " could not be found.")));
    server.stubFor(
        post(urlEqualTo("/v1/clustertemplates"))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .withRequestBody(equalToJson(CREATE_TEMPLATE_BODY))
            .inScenario("template").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
            .willReturn(json(201, templateBody())));
    server.stubFor(
        get(urlEqualTo("/v1/clustertemplates/" + TEMPLATE_NAME))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .inScenario("template").whenScenarioStateIs("created")
            .willReturn(json(200, templateBody())));
    return this;
  }

  /** Magnum: the template exists as the spec has it. */
  public MagnumApiDouble templateExists() {
    return templateShows(templateBody());
  }

  /** Magnum: GET /v1/clustertemplates/{name} shows {@code body}. */
  public MagnumApiDouble templateShows(String body) {
    server.stubFor(
        get(urlEqualTo("/v1/clustertemplates/" + TEMPLATE_NAME))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .willReturn(json(200, body)));
    return this;
  }

  /**
   * Magnum: GET /v1/clusters/prod is 404 until POST /v1/clusters (202), then CREATE_IN_PROGRESS for {@code
   * inProgressPolls} polls, then {@code finalStatus}.
   */
  public MagnumApiDouble clusterCreatedOnDemand(int inProgressPolls, String finalStatus, String reason) {
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .inScenario("cluster").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound("Cluster prod could not be found.")));
    server.stubFor(
        post(urlEqualTo("/v1/clusters"))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .withRequestBody(equalToJson(CREATE_CLUSTER_BODY))
            .inScenario("cluster").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("poll-0")
            .willReturn(json(202, "{\"uuid\": \"" + CLUSTER_UUID + "\"}")));
    for (int poll = 0; poll < inProgressPolls; poll++) {
      server.stubFor(
          get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
              .inScenario("cluster").whenScenarioStateIs("poll-" + poll).willSetStateTo("poll-" + (poll + 1))
              .willReturn(json(200, clusterBody("CREATE_IN_PROGRESS", null, 3, TEMPLATE_UUID))));
    }
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .inScenario("cluster").whenScenarioStateIs("poll-" + inProgressPolls)
            .willReturn(json(200, clusterBody(finalStatus, reason, 3, TEMPLATE_UUID))));
    return this;
  }

  /** Magnum: GET /v1/clusters/{prod or uuid} always shows this cluster. */
  public MagnumApiDouble clusterShows(String status, String reason, int nodeCount, String templateUuid) {
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .willReturn(json(200, clusterBody(status, reason, nodeCount, templateUuid))));
    return this;
  }

  /**
   * Magnum: PATCH /v1/clusters/{uuid} replacing /node_count (202), after which the cluster is UPDATE_IN_PROGRESS once
   * and then UPDATE_COMPLETE with the new count.
   */
  public MagnumApiDouble clusterResizedOnDemand(int from, int to) {
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .inScenario("resize").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, clusterBody("CREATE_COMPLETE", null, from, TEMPLATE_UUID))));
    server.stubFor(
        patch(urlEqualTo("/v1/clusters/" + CLUSTER_UUID))
            .withHeader("X-Auth-Token", equalTo(TOKEN))
            .withRequestBody(equalToJson("[{\"op\": \"replace\", \"path\": \"/node_count\", \"value\": " + to + "}]"))
            .inScenario("resize").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("updating")
            .willReturn(json(202, "{\"uuid\": \"" + CLUSTER_UUID + "\"}")));
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .inScenario("resize").whenScenarioStateIs("updating").willSetStateTo("updated")
            .willReturn(json(200, clusterBody("UPDATE_IN_PROGRESS", null, from, TEMPLATE_UUID))));
    server.stubFor(
        get(urlPathMatching("/v1/clusters/(prod|" + CLUSTER_UUID + ")"))
            .inScenario("resize").whenScenarioStateIs("updated")
            .willReturn(json(200, clusterBody("UPDATE_COMPLETE", null, to, TEMPLATE_UUID))));
    return this;
  }

  public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** Magnum's error document (API reference, "Errors"). */
  public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder magnumError(
      int status, String title, String detail) {
    return json(status, """
        {"errors": [{"request_id": "req-5d4a4b8c", "code": "client", "status": %d, "title": "%s", "detail": "%s",
                     "links": []}]}""".formatted(status, title, detail));
  }

  public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound(String detail) {
    return magnumError(404, "Not Found", detail);
  }

  public String tokenBody() {
    return """
        {"token": {
          "methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z", "issued_at": "2026-11-24T12:00:00.000000Z",
          "audit_ids": ["3T2dc1CGQxyJsHdDu1xkcw"],
          "user": {"id": "ee4dfb6e5540447cb3741905149d9b6e", "name": "lanes-ci",
                   "domain": {"id": "default", "name": "Default"}, "password_expires_at": null},
          "project": {"id": "a6944d763bf64ee6a275f1263fae0352", "name": "openedx",
                      "domain": {"id": "default", "name": "Default"}},
          "roles": [{"id": "51cc68287d524c759f47c811e6463340", "name": "member"}],
          "catalog": [
            {"id": "f7ad2c5c1a4a4c2ca1f4f1e2a1b2c3d4", "type": "identity", "name": "keystone",
             "endpoints": [{"id": "e1", "interface": "public", "region": "RegionOne", "region_id": "RegionOne",
                            "url": "%1$s/identity/v3"}]},
            {"id": "0b9e4bc3d1b94e7d8d1c3f2e1a2b3c4d", "type": "container-infra", "name": "magnum",
             "endpoints": [{"id": "m1", "interface": "internal", "region": "RegionOne", "region_id": "RegionOne",
                            "url": "http://magnum.internal.invalid:9511/v1"},
                           {"id": "m2", "interface": "public", "region": "RegionOne", "region_id": "RegionOne",
                            "url": "%1$s/v1"}]}
          ]}}
        """.formatted(server.baseUrl());
  }

  public static String templateBody() {
    return """
        {"uuid": "%s", "name": "prod-k8s-v1.30.4-fcos40-1", "coe": "kubernetes",
         "image_id": "fedora-coreos-40.20240906.3.0", "external_network_id": "public", "master_flavor_id": "m1.large",
         "flavor_id": "m1.xlarge", "network_driver": "calico", "volume_driver": "cinder", "docker_volume_size": 50,
         "docker_storage_driver": "overlay2", "registry_enabled": true, "master_lb_enabled": true,
         "floating_ip_enabled": false, "dns_nameserver": "10.0.0.2", "keypair_id": null, "tls_disabled": false,
         "public": false, "server_type": "vm", "cluster_distro": "fedora-coreos", "http_proxy": null,
         "labels": {"auto_healing_enabled": "true", "auto_scaling_enabled": "false", "boot_volume_size": "50",
                    "cinder_csi_enabled": "true", "container_runtime": "containerd", "etcd_volume_size": "20",
                    "kube_tag": "v1.30.4", "registry_container": "lanes-registry"},
         "created_at": "2026-11-24T12:00:00+00:00", "updated_at": null,
         "links": [{"href": "http://magnum:9511/v1/clustertemplates/%1$s", "rel": "self"}]}
        """.formatted(TEMPLATE_UUID);
  }

  public static String clusterBody(String status, String reason, int nodeCount, String templateUuid) {
    return """
        {"uuid": "%s", "name": "prod", "status": "%s", "status_reason": %s, "cluster_template_id": "%s",
         "master_count": 3, "node_count": %d, "keypair": "lanes-ops", "create_timeout": 60,
         "api_address": %s, "coe_version": "v1.30.4", "stack_id": "31c1ee6c-081e-4f39-9f0f-f1d87a7defa1",
         "master_addresses": [], "node_addresses": [], "health_status": null, "labels": {},
         "links": [{"href": "http://magnum:9511/v1/clusters/%1$s", "rel": "self"}]}
        """.formatted(
            CLUSTER_UUID, status, reason == null ? "null" : "\"" + reason + "\"", templateUuid, nodeCount,
            status.endsWith("_COMPLETE") ? "\"https://172.24.4.10:6443\"" : "null");
  }
}
