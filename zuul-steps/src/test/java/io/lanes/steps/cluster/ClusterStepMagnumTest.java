package io.lanes.steps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.openstack.CloudCredentialsReader;
import io.lanes.steps.openstack.Keystone;
import io.lanes.steps.openstack.MagnumClient;
import io.lanes.steps.testing.LocalService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster plan/apply} against the real Magnum (magnum-api and magnum-conductor of magnum.sh, over RabbitMQ)
 * behind the real Keystone, reading images from the real Glance. Nova's flavors and keypairs and Neutron's networks,
 * which Magnum validates against, come from magnum.sh's compute/network test double. Neither Cinder nor Heat runs:
 * the conductor records the cluster, creates its trust and CA, then fails it (CREATE_FAILED, no block-storage
 * endpoint), so what needs a built cluster (CREATE_COMPLETE, resize, the kubeconfig step) is tested against the
 * WireMock double ({@link ClusterStepWireMockTest}, {@link ClusterKubeconfigWireMockTest}).
 *
 * <p>Magnum's database outlives a run: every test names its template and cluster afresh.
 */
@DisplayName("cluster plan and apply against the real Magnum API and Keystone")
class ClusterStepMagnumTest {
  /** Why Magnum's conductor fails every cluster here: the catalog has no Cinder (nor Heat). */
  static final String NO_CINDER =
      "unexpected keystone client error occurred: publicURL endpoint for block-storage service in RegionOne region"
          + " not found";

  static Map<String, String> magnum;

  @TempDir Path dir;

  String template;
  String cluster;

  @BeforeAll
  static void start() {
    magnum = LocalService.start("magnum");
  }

  @BeforeEach
  void names() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    template = "k8s-v1.30.4-fcos40-" + suffix;
    cluster = "prod-" + suffix;
  }

  /** The OS_* environment of the Keystone user "registry", a member of project "lanes". */
  static Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", magnum.get("KEYSTONE_URL"));
    environment.put("OS_USERNAME", magnum.get("KEYSTONE_USER"));
    environment.put("OS_PASSWORD", magnum.get("KEYSTONE_PASSWORD"));
    environment.put("OS_PROJECT_NAME", magnum.get("KEYSTONE_PROJECT"));
    environment.put("OS_USER_DOMAIN_NAME", "Default");
    environment.put("OS_PROJECT_DOMAIN_NAME", "Default");
    environment.put("OS_REGION_NAME", magnum.get("KEYSTONE_REGION"));
    return environment;
  }

  /** The sample platform's production spec under this test's names, with {@code from} replaced by {@code to}. */
  private Path spec(String name, String templateName, String from, String to) throws IOException {
    String text = Files.readString(Path.of("../src/sample-platform/clusters/prod.yaml"))
        .replace("prod-k8s-v1.30.4-fcos40-1", templateName)
        .replace("\n  name: prod\n", "\n  name: " + cluster + "\n")
        .replace(from, to);
    Path spec = dir.resolve(name);
    Files.writeString(spec, text);
    return spec;
  }

  private Path spec() throws IOException {
    return spec("prod.yaml", template, "", "");
  }

  private static ClusterRun run(Map<String, String> environment, String... args) {
    return ClusterRun.with(environment, args);
  }

  private static ClusterRun apply(Path spec) {
    return run(environment(), "cluster", "apply", "--spec", spec.toString(), "--poll-interval", "500ms", "--timeout",
        "180s");
  }

  @Test
  @DisplayName("real Magnum: plan on a project without the template shows template and cluster to create, and writes"
      + " nothing (a second plan says the same)")
  void planCreatesNothing() throws Exception {
    Path spec = spec();

    ClusterRun first = run(environment(), "cluster", "plan", "--spec", spec.toString());
    ClusterRun second = run(environment(), "cluster", "plan", "--spec", spec.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("+ create cluster template " + template + " (image "
        + magnum.get("MAGNUM_IMAGE") + ", kube_tag v1.30.4, calico)\n"
        + "+ create cluster " + cluster + " (3 control-plane + 3 workers, template " + template + ", keypair lanes-ops)\n"
        + "apply would change Magnum\n");
    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  @DisplayName("real Magnum: apply creates the template (Fedora CoreOS image from Glance, kube_tag, Cinder CSI,"
      + " flavors) and the cluster, polls it until Magnum's conductor fails it (no Cinder here) and reports the reason;"
      + " a second apply finds the template as is and the failed cluster, and writes nothing")
  void applyCreatesTemplateAndCluster() throws Exception {
    Path spec = spec();

    ClusterRun first = apply(spec);

    assertThat(first.err())
        .contains("creating cluster template " + template + "\n")
        .contains("creating cluster " + cluster + "\n")
        .contains("cluster " + cluster + ": CREATE_IN_PROGRESS (")
        .endsWith("cluster " + cluster + " is CREATE_FAILED: " + NO_CINDER + "\n");
    assertThat(first.exitCode()).isEqualTo(1);

    ClusterRun second = apply(spec);

    assertThat(second.out()).isEqualTo("= cluster template " + template + " exists\n= cluster " + cluster
        + " is up to date (3 control-plane + 3 workers, CREATE_FAILED)\n");
    assertThat(second.err())
        .doesNotContain("creating")
        .endsWith("cluster " + cluster + " is CREATE_FAILED: " + NO_CINDER
            + " (repair or delete it with Magnum, then apply again)\n");
    assertThat(second.exitCode()).isEqualTo(1);
  }

  @Test
  @DisplayName("real Magnum: the cluster's CA certificate, and a client certificate signed by it for the CSR the"
      + " kubeconfig step makes (CN=admin, O=system:masters), come from Magnum's certificate API")
  void certificates() throws Exception {
    // The conductor made the cluster's CA before it failed the cluster for want of Cinder.
    assertThat(apply(spec()).err()).endsWith("cluster " + cluster + " is CREATE_FAILED: " + NO_CINDER + "\n");
    MagnumClient client = MagnumClient.of(
        Keystone.authenticate(new CloudCredentialsReader(environment(), dir).read(Optional.empty(), Optional.empty())),
        Duration.ofSeconds(60));
    String uuid = client.findCluster(cluster).orElseThrow().uuid();
    ClientCertificateRequest request = ClientCertificateRequest.generate();

    X509Certificate ca = certificate(client.caCertificate(uuid));
    X509Certificate signed = certificate(client.signCertificate(uuid, request.csrPem()));

    assertThat(signed.getSubjectX500Principal().getName()).contains("CN=admin").contains("O=system:masters");
    assertThat(signed.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    signed.verify(ca.getPublicKey());
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  @DisplayName("real Magnum: a changed label under the template's name is a conflict (exit 2, nothing written);"
      + " under a new name it is a new template, which the existing cluster cannot move to (Magnum's upgrade), a new"
      + " cluster can")
  void changedLabel() throws Exception {
    assertThat(apply(spec()).err()).contains("creating cluster template " + template + "\n");
    Path changed = spec("changed.yaml", template, "kube_tag: v1.30.4", "kube_tag: v1.31.1");

    ClusterRun conflict = run(environment(), "cluster", "plan", "--spec", changed.toString());

    assertThat(conflict.exitCode()).isEqualTo(2);
    assertThat(conflict.err()).endsWith("template.name: cluster template " + template + " exists with other settings"
        + " (labels.kube_tag \"v1.30.4\" in Magnum, \"v1.31.1\" in the spec); templates are immutable: give the changed"
        + " template a new name\nnothing was changed in Magnum\n");

    String renamed = template.replace("v1.30.4", "v1.31.1");
    Path next = spec("next.yaml", renamed, "kube_tag: v1.30.4", "kube_tag: v1.31.1");
    ClusterRun upgrade = run(environment(), "cluster", "plan", "--spec", next.toString());

    assertThat(upgrade.exitCode()).isEqualTo(2);
    assertThat(upgrade.out()).startsWith("+ create cluster template " + renamed + " (image "
        + magnum.get("MAGNUM_IMAGE") + ", kube_tag v1.31.1, calico)\n");
    assertThat(upgrade.err()).contains("\ncluster.template: cluster " + cluster + " runs another template (uuid ")
        .endsWith("Lanes does not do: upgrade it with Magnum, or create a new cluster\nnothing was changed in Magnum\n");

    cluster = cluster + "-b";
    ClusterRun plan = run(environment(), "cluster", "plan", "--spec", spec("new.yaml", renamed, "kube_tag: v1.30.4",
        "kube_tag: v1.31.1").toString());

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).isEqualTo("+ create cluster template " + renamed + " (image " + magnum.get("MAGNUM_IMAGE")
        + ", kube_tag v1.31.1, calico)\n+ create cluster " + cluster + " (3 control-plane + 3 workers, template "
        + renamed + ", keypair lanes-ops)\napply would change Magnum\n");
  }

  @Test
  @DisplayName("real Magnum: an image without os_distro is refused by Magnum (it finds no driver for it), one line"
      + " naming the request, the message said once")
  void imageWithoutOsDistro() throws Exception {
    Path spec = spec("no-distro.yaml", template, "image: " + magnum.get("MAGNUM_IMAGE"),
        "image: " + magnum.get("MAGNUM_IMAGE_NO_DISTRO"));

    ClusterRun run = apply(spec);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("creating cluster template " + template + "\nmagnum: POST /v1/clustertemplates: 400"
        + " Cluster type (vm, None, kubernetes) not supported.\n");
  }

  @Test
  @DisplayName("real Keystone: a wrong password is one line (exit 2) naming user and project, never the password")
  void wrongPassword() throws Exception {
    Map<String, String> environment = environment();
    environment.put("OS_PASSWORD", "canary-wrong-5d1f0b");

    ClusterRun run = run(environment, "cluster", "plan", "--spec", spec().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).endsWith("keystone " + magnum.get("KEYSTONE_URL") + ": 401 Unauthorized for user "
        + magnum.get("KEYSTONE_USER") + " in project " + magnum.get("KEYSTONE_PROJECT")
        + ": check the credentials of OS_* environment\n");
    assertThat(run.all()).doesNotContain("canary-wrong-5d1f0b");
  }

  @Test
  @DisplayName("real Keystone: no container-infra endpoint in the region asked for is one line (exit 2) naming it")
  void missingCatalogEntry() throws Exception {
    Map<String, String> environment = environment();
    environment.put("OS_REGION_NAME", "RegionTwo");

    ClusterRun run = run(environment, "cluster", "plan", "--spec", spec().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).endsWith(
        "OS_* environment: the container-infra service has no public endpoint in region RegionTwo\n");
  }

  @Test
  @DisplayName("real Keystone and Magnum: an application credential plans with no password anywhere")
  void applicationCredential() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("OS_AUTH_URL", magnum.get("KEYSTONE_URL"));
    environment.put("OS_AUTH_TYPE", "v3applicationcredential");
    environment.put("OS_APPLICATION_CREDENTIAL_ID", magnum.get("KEYSTONE_APPCRED_ID"));
    environment.put("OS_APPLICATION_CREDENTIAL_SECRET", magnum.get("KEYSTONE_APPCRED_SECRET"));
    environment.put("OS_REGION_NAME", magnum.get("KEYSTONE_REGION"));

    ClusterRun run = run(environment, "cluster", "plan", "--spec", spec().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("+ create cluster template " + template);
    assertThat(run.all()).doesNotContain(magnum.get("KEYSTONE_APPCRED_SECRET"));
  }
}
