package io.lanes.steps.cluster;

import static io.lanes.steps.testing.MagnumApiDouble.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept on fabric8's mock server on purpose: StorageClasses are cluster-scoped and these tests change which one is the
 * cluster's default; on the real control plane every test shares (src/services/kube.sh), that would change the class
 * every other test's PersistentVolumeClaims get. What the mock cannot show here: admission (the API server allows at
 * most one default class only by convention, so nothing is lost) and server-side defaults of StorageClass fields.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("cluster storage against fabric8's Kubernetes mock server in CRUD mode (cluster-wide defaults: kept off the shared real control plane)")
class ClusterStorageStepTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;

  Path kubeconfig;

  @BeforeEach
  void writeKubeconfig() throws Exception {
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfigFor(client.getConfiguration().getMasterUrl()));
  }

  private static String kubeconfigFor(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster: {server: "%s", insecure-skip-tls-verify: true}
        users:
        - name: admin@prod
          user: {token: test-token}
        contexts:
        - name: prod
          context: {cluster: prod, user: admin@prod}
        current-context: prod
        """.formatted(server);
  }

  private ClusterRun storage(String... extra) {
    String[] base = {"cluster", "storage", "--spec", SPEC, "--kubeconfig", kubeconfig.toString()};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    return ClusterRun.with(Map.of(), args);
  }

  private StorageClass storageClass(String name) {
    return client.storage().v1().storageClasses().withName(name).get();
  }

  private void create(String name, String provisioner, boolean isDefault) {
    client.storage().v1().storageClasses().resource(new StorageClassBuilder()
        .withNewMetadata().withName(name)
        .addToAnnotations(DefaultStorageClass.DEFAULT_ANNOTATION, Boolean.toString(isDefault)).endMetadata()
        .withProvisioner(provisioner)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("WaitForFirstConsumer")
        .withAllowVolumeExpansion(false)
        .build()).create();
  }

  @Test
  @DisplayName("fabric8 mock: creates the default Cinder CSI StorageClass, demotes the old default; a second run writes"
      + " nothing")
  void createsDefaultStorageClassOnce() throws Exception {
    create("standard", "kubernetes.io/cinder", true);
    Path result = dir.resolve("result.json");

    ClusterRun first = storage("--result", result.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("+ create StorageClass cinder (cinder.csi.openstack.org, default)\n"
        + "~ StorageClass standard is no longer the default\n");
    StorageClass cinder = storageClass("cinder");
    assertThat(cinder.getProvisioner()).isEqualTo("cinder.csi.openstack.org");
    assertThat(cinder.getAllowVolumeExpansion()).isTrue();
    assertThat(cinder.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    assertThat(cinder.getMetadata().getAnnotations()).containsEntry(DefaultStorageClass.DEFAULT_ANNOTATION, "true");
    assertThat(cinder.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "lanes");
    assertThat(storageClass("standard").getMetadata().getAnnotations())
        .containsEntry(DefaultStorageClass.DEFAULT_ANNOTATION, "false");
    assertThat(Files.readString(result)).contains("\"changes\" : [ \"create cinder\", \"undefault standard\" ]");
    String cinderVersion = cinder.getMetadata().getResourceVersion();
    String standardVersion = storageClass("standard").getMetadata().getResourceVersion();

    ClusterRun second = storage();

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo("= StorageClass cinder is up to date\n");
    assertThat(storageClass("cinder").getMetadata().getResourceVersion()).isEqualTo(cinderVersion);
    assertThat(storageClass("standard").getMetadata().getResourceVersion()).isEqualTo(standardVersion);
  }

  @Test
  @DisplayName("fabric8 mock: a StorageClass of the same name with mutable differences is updated in place")
  void updatesMutableFields() {
    create("cinder", "cinder.csi.openstack.org", false);

    ClusterRun run = storage();

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(
        "~ update StorageClass cinder (allowVolumeExpansion, default, label app.kubernetes.io/managed-by)\n");
    assertThat(storageClass("cinder").getAllowVolumeExpansion()).isTrue();
    assertThat(DefaultStorageClass.isDefault(storageClass("cinder"))).isTrue();
  }

  @Test
  @DisplayName("fabric8 mock: a StorageClass of the same name with another provisioner exits 2 and changes nothing")
  void immutableConflict() {
    create("cinder", "kubernetes.io/cinder", false);
    create("standard", "kubernetes.io/cinder", true);

    ClusterRun run = storage();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("StorageClass cinder exists with other settings Kubernetes cannot change "
        + "(provisioner kubernetes.io/cinder in the cluster, cinder.csi.openstack.org in the spec): delete it or give "
        + "storage.storageClass another name; nothing was changed\n");
    assertThat(DefaultStorageClass.isDefault(storageClass("standard"))).isTrue();
    assertThat(storageClass("cinder").getProvisioner()).isEqualTo("kubernetes.io/cinder");
  }

  @Test
  @DisplayName("an unreachable Kubernetes API is a failure naming the StorageClass and the server")
  void unreachableApi() throws Exception {
    Files.writeString(kubeconfig, kubeconfigFor("https://127.0.0.1:9"));

    ClusterRun run = storage();

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("StorageClass cinder in https://127.0.0.1:9/: ");
  }

  @Test
  @DisplayName("without --kubeconfig or KUBECONFIG the step exits 2 saying so")
  void noKubeconfig() {
    ClusterRun run = ClusterRun.with(Map.of(), "cluster", "storage", "--spec", SPEC);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("no kubeconfig: give --kubeconfig FILE or set KUBECONFIG\n");
  }
}
