package io.lanes.steps.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lanes.steps.testing.MagnumApiDouble.OTHER_TEMPLATE_UUID;
import static io.lanes.steps.testing.MagnumApiDouble.PASSWORD;
import static io.lanes.steps.testing.MagnumApiDouble.SPEC;
import static io.lanes.steps.testing.MagnumApiDouble.TEMPLATE_NAME;
import static io.lanes.steps.testing.MagnumApiDouble.TEMPLATE_UUID;
import static io.lanes.steps.testing.MagnumApiDouble.magnumError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lanes.steps.testing.MagnumApiDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("cluster plan and apply against the WireMock double of Keystone and Magnum (from the API reference)")
class ClusterStepWireMockTest {
  static WireMockServer server;

  @TempDir Path dir;

  MagnumApiDouble magnum;

  @BeforeAll
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    magnum = new MagnumApiDouble(server);
  }

  private ClusterRun run(String... args) {
    return ClusterRun.with(magnum.environment(), args);
  }

  private ClusterRun apply(String... extra) {
    String[] base = {"cluster", "apply", "--spec", SPEC, "--poll-interval", "10ms", "--timeout", "20s"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return run(args);
  }

  private void assertNoWrites() {
    server.verify(0, postRequestedFor(urlPathMatching("/v1/.*")));
    server.verify(0, patchRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  @DisplayName("WireMock Magnum: plan on an empty project shows the template and the cluster to create, writes nothing")
  void planOnEmptyProject() {
    magnum.keystoneIssuesToken().templateCreatedOnDemand().clusterCreatedOnDemand(0, "CREATE_COMPLETE", null);

    ClusterRun run = run("cluster", "plan", "--spec", SPEC);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "+ create cluster template " + TEMPLATE_NAME + " (image fedora-coreos-40.20240906.3.0, kube_tag v1.30.4,"
                + " calico)\n"
                + "+ create cluster prod (3 control-plane + 3 workers, template " + TEMPLATE_NAME
                + ", keypair lanes-ops)\n"
                + "apply would change Magnum\n");
    assertNoWrites();
  }

  @Test
  @DisplayName("WireMock Magnum: apply creates template and cluster, polls until CREATE_COMPLETE; a second apply makes"
      + " no writes")
  void applyCreatesThenIsIdempotent() throws Exception {
    magnum.keystoneIssuesToken().templateCreatedOnDemand().clusterCreatedOnDemand(3, "CREATE_COMPLETE", null);
    Path result = dir.resolve("result.json");

    ClusterRun first = apply("--result", result.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("creating cluster template " + TEMPLATE_NAME + "\n")
        .contains("creating cluster prod\n")
        .contains("cluster prod: CREATE_IN_PROGRESS (")
        .contains("cluster prod: CREATE_COMPLETE after ");
    assertThat(first.out()).endsWith("cluster prod: CREATE_COMPLETE at https://172.24.4.10:6443\n");
    assertThat(Files.readString(result))
        .contains("\"template_uuid\" : \"" + TEMPLATE_UUID + "\"")
        .contains("\"changes\" : [ \"create-template\", \"create-cluster\" ]");
    server.verify(1, postRequestedFor(urlEqualTo("/v1/clustertemplates")));
    server.verify(1, postRequestedFor(urlEqualTo("/v1/clusters")));

    ClusterRun second = apply("--result", result.toString());

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .isEqualTo(
            "= cluster template " + TEMPLATE_NAME + " exists\n"
                + "= cluster prod is up to date (3 control-plane + 3 workers, CREATE_COMPLETE)\n"
                + "cluster prod: CREATE_COMPLETE at https://172.24.4.10:6443 (no changes)\n");
    assertThat(Files.readString(result)).contains("\"changes\" : [ ]");
    server.verify(1, postRequestedFor(urlEqualTo("/v1/clustertemplates")));
    server.verify(1, postRequestedFor(urlEqualTo("/v1/clusters")));
    server.verify(0, patchRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  @DisplayName("WireMock Magnum: a different worker count resizes the cluster with a JSON patch and waits for it")
  void applyResizes() {
    magnum.keystoneIssuesToken().templateExists().clusterResizedOnDemand(2, 3);

    ClusterRun run = apply();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("= cluster template " + TEMPLATE_NAME + " exists\n~ resize cluster prod: workers 2 -> 3\n");
    assertThat(run.err()).contains("cluster prod: UPDATE_IN_PROGRESS (").contains("cluster prod: UPDATE_COMPLETE after ");
    server.verify(1, patchRequestedFor(urlEqualTo("/v1/clusters/" + MagnumApiDouble.CLUSTER_UUID)));
    server.verify(0, postRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  @DisplayName("WireMock Magnum: a cluster that ends CREATE_FAILED fails with Magnum's status reason")
  void failedCluster() {
    magnum.keystoneIssuesToken().templateExists()
        .clusterCreatedOnDemand(1, "CREATE_FAILED", "Resource CREATE failed: Quota exceeded for instances");

    ClusterRun run = apply();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .endsWith("cluster prod is CREATE_FAILED: Resource CREATE failed: Quota exceeded for instances\n");
  }

  @Test
  @DisplayName("WireMock Magnum: an existing failed cluster is reported with its reason and nothing is written")
  void existingFailedCluster() {
    magnum.keystoneIssuesToken().templateExists()
        .clusterShows("UPDATE_FAILED", "Stack UPDATE failed: timed out", 3, TEMPLATE_UUID);

    ClusterRun run = apply();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("cluster prod is UPDATE_FAILED: Stack UPDATE failed: timed out");
    assertNoWrites();
  }

  @Test
  @DisplayName("WireMock Magnum: a cluster still CREATE_IN_PROGRESS at the deadline is a failure naming its status")
  void timeout() {
    magnum.keystoneIssuesToken().templateExists().clusterShows("CREATE_IN_PROGRESS", null, 3, TEMPLATE_UUID);

    ClusterRun run = run("cluster", "apply", "--spec", SPEC, "--poll-interval", "50ms", "--timeout", "300ms");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("cluster prod is CREATE_IN_PROGRESS: waiting before planning again\n")
        .endsWith("cluster prod is still CREATE_IN_PROGRESS after 300ms (--timeout); Magnum goes on: run cluster apply"
            + " again to wait for it\n");
    assertNoWrites();
  }

  @Test
  @DisplayName("WireMock Keystone: a refused password (401) exits 2 naming the user and source, never the password")
  void keystoneUnauthorized() {
    magnum.keystoneRejectsPassword();

    ClusterRun run = run("cluster", "plan", "--spec", SPEC, "--verbose");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("keystone " + server.baseUrl() + "/identity/v3: 401 Unauthorized for user lanes-ci in project "
            + "openedx: check the credentials of OS_* environment\n")
        .doesNotContain(PASSWORD);
    server.verify(0, anyRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  @DisplayName("WireMock Magnum: a token Magnum refuses (401) is a failure naming the request")
  void magnumUnauthorized() {
    magnum.keystoneIssuesToken();
    server.stubFor(get(urlPathMatching("/v1/clustertemplates/.*"))
        .willReturn(magnumError(401, "Unauthorized", "The request you have made requires authentication.")));

    ClusterRun run = run("cluster", "plan", "--spec", SPEC);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("magnum: GET /v1/clustertemplates/" + TEMPLATE_NAME
        + ": 401 Unauthorized: The request you have made requires authentication.\n");
  }

  @Test
  @DisplayName("WireMock Magnum: two templates of the same name (409) is a failure with Magnum's detail")
  void ambiguousTemplateName() {
    magnum.keystoneIssuesToken();
    server.stubFor(get(urlEqualTo("/v1/clustertemplates/" + TEMPLATE_NAME))
        .willReturn(magnumError(409, "Conflict",
            "Multiple cluster_templates exist with same name. Please use the cluster_template uuid instead.")));

    ClusterRun run = apply();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("magnum: GET /v1/clustertemplates/" + TEMPLATE_NAME + ": 409 Conflict: Multiple "
        + "cluster_templates exist with same name. Please use the cluster_template uuid instead.\n");
    assertNoWrites();
  }

  @Test
  @DisplayName("WireMock Magnum: a 409 on creating the cluster is a failure naming the request")
  void createClusterConflict() {
    magnum.keystoneIssuesToken().templateExists();
    server.stubFor(get(urlPathMatching("/v1/clusters/prod"))
        .willReturn(MagnumApiDouble.notFound("Cluster prod could not be found.")));
    server.stubFor(post(urlEqualTo("/v1/clusters"))
        .willReturn(magnumError(409, "Conflict", "A cluster with name prod already exists.")));

    ClusterRun run = apply();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("magnum: POST /v1/clusters: 409 Conflict: A cluster with name prod already exists.\n");
  }

  @Test
  @DisplayName("WireMock Magnum: a changed template under the same name is a conflict (exit 2): templates are immutable")
  void changedTemplateIsAConflict() {
    magnum.keystoneIssuesToken()
        .templateShows(MagnumApiDouble.templateBody().replace("\"m1.xlarge\"", "\"m1.large\"")
            .replace("\"kube_tag\": \"v1.30.4\"", "\"kube_tag\": \"v1.29.8\""))
        .clusterShows("CREATE_COMPLETE", null, 3, TEMPLATE_UUID);

    ClusterRun run = apply();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .endsWith("template.name: cluster template " + TEMPLATE_NAME + " exists with other settings (flavor_id "
            + "\"m1.large\" in Magnum, \"m1.xlarge\" in the spec; labels.kube_tag \"v1.29.8\" in Magnum, \"v1.30.4\" in"
            + " the spec); templates are immutable: give the changed template a new name\nnothing was changed in Magnum\n");
    assertNoWrites();
  }

  @Test
  @DisplayName("WireMock Magnum: a cluster on another template is a conflict: Lanes does not upgrade clusters")
  void clusterOnOtherTemplate() {
    magnum.keystoneIssuesToken().templateExists().clusterShows("CREATE_COMPLETE", null, 3, OTHER_TEMPLATE_UUID);

    ClusterRun run = run("cluster", "plan", "--spec", SPEC);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\ncluster.template: cluster prod runs another template (uuid " + OTHER_TEMPLATE_UUID
        + "), not " + TEMPLATE_NAME);
  }

  @Test
  @DisplayName("WireMock Keystone: an unreachable Keystone is a failure naming its URL")
  void keystoneUnreachable() {
    Map<String, String> environment = new HashMap<>(magnum.environment());
    environment.put("OS_AUTH_URL", "http://127.0.0.1:9/identity");

    ClusterRun run = ClusterRun.with(environment, "cluster", "plan", "--spec", SPEC);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("keystone http://127.0.0.1:9/identity/v3: unreachable (OS_* environment)");
  }

  @Test
  @DisplayName("WireMock Keystone: the password canary appears in no output and no result file")
  void passwordNeverPrinted() throws Exception {
    magnum.keystoneIssuesToken().templateCreatedOnDemand().clusterCreatedOnDemand(1, "CREATE_COMPLETE", null);
    Path result = dir.resolve("result.json");

    ClusterRun run = apply("--verbose", "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.all()).doesNotContain(PASSWORD).doesNotContain(MagnumApiDouble.TOKEN);
    assertThat(Files.readString(result)).doesNotContain(PASSWORD).doesNotContain(MagnumApiDouble.TOKEN);
  }

  @Test
  @DisplayName("without credentials the step exits 2 saying where they may come from, before any request")
  void noCredentials() {
    ClusterRun run = ClusterRun.with(Map.of(), "cluster", "plan", "--spec", SPEC);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("no OpenStack credentials: give --cloud NAME");
    server.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  @DisplayName("an invalid spec exits 2 with every problem before any request")
  void invalidSpecBeforeAnyRequest() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "template:\n  name: t1\ncluster:\n  name: prod\n");

    ClusterRun run = run("cluster", "apply", "--spec", spec.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(spec + ":1: template.image: missing (required)\n")
        .contains(spec + ":3: cluster.nodeCount: missing (required)\n");
    server.verify(0, anyRequestedFor(anyUrl()));
  }
}
