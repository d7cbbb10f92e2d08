package io.lanes.steps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.testing.LocalService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster plan/apply} against the real Magnum API (magnum-api of magnum.sh) behind the real Keystone, reading
 * images from the real Glance. Nova's flavors and keypairs and Neutron's networks, which Magnum validates against,
 * come from magnum.sh's compute/network test double. No conductor runs: Magnum accepts a cluster create request
 * (202, validated) and nothing records the cluster, so what follows it (CREATE_COMPLETE, resize, kubeconfig) is
 * tested against the WireMock double ({@link ClusterStepWireMockTest}).
 *
 * <p>Magnum's database outlives a run: every test names its template and cluster afresh.
 */
@DisplayName("cluster plan and apply against the real Magnum API and Keystone")
class ClusterStepMagnumTest {
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
    return run(environment(), "cluster", "apply", "--spec", spec.toString(), "--poll-interval", "100ms", "--timeout",
        "5s");
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
      + " flavors) and Magnum accepts the cluster create request; an unchanged spec then finds the template as is")
  void applyCreatesTemplateThenFindsItUnchanged() throws Exception {
    Path spec = spec();

    ClusterRun first = apply(spec);

    // Magnum validated and accepted the create request (202 and a uuid); with no conductor nothing records it.
    assertThat(first.err())
        .contains("creating cluster template " + template + "\n")
        .contains("creating cluster " + cluster + "\n")
        .containsPattern("cluster " + cluster + " \\([0-9a-f-]{36}\\) vanished from Magnum\n$");
    assertThat(first.exitCode()).isEqualTo(1);

    ClusterRun plan = run(environment(), "cluster", "plan", "--spec", spec.toString());

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).startsWith("= cluster template " + template + " exists\n+ create cluster " + cluster);

    ClusterRun again = apply(spec);

    assertThat(again.err()).doesNotContain("creating cluster template").contains("creating cluster " + cluster + "\n");
  }

  @Test
  @DisplayName("real Magnum: a changed label under the template's name is a conflict (exit 2, nothing written);"
      + " under a new name it is planned as a new template")
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
    ClusterRun plan = run(environment(), "cluster", "plan", "--spec", next.toString());

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.out()).startsWith("+ create cluster template " + renamed + " (image " + magnum.get("MAGNUM_IMAGE")
        + ", kube_tag v1.31.1, calico)\n");
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
