package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the Kubernetes API TEST DOUBLE as a process, reached through the kubeconfig it writes")
class KubeApiTestDoubleServerTest {
  @TempDir Path dir;

  private KubeApiTestDoubleServer testDouble;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    testDouble = new KubeApiTestDoubleServer(0, List.of("openedx-acme"));
    Path kubeconfig = dir.resolve("kube/config.yaml");
    testDouble.writeKubeconfig(kubeconfig);
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
  }

  @AfterEach
  void stop() {
    client.close();
    testDouble.close();
  }

  @Test
  @DisplayName("a client configured only from the written kubeconfig reaches the double, named as a test double")
  void kubeconfigPointsAtTheDouble() throws Exception {
    String text = Files.readString(dir.resolve("kube/config.yaml"));

    assertThat(text).contains("TEST DOUBLE").contains("current-context: kube-api-test-double").contains(testDouble.url());
    client.configMaps().inNamespace("openedx-acme")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("lms").endMetadata().addToData("k", "v").build())
        .create();
    assertThat(client.configMaps().inNamespace("openedx-acme").withName("lms").get().getData()).containsEntry("k", "v");
  }

  @Test
  @DisplayName("server-side apply creates a Deployment, and the kubelet double then reports it rolled out")
  void appliedDeploymentRollsOut() {
    client.resource(deployment("lms", "openedx-acme")).fieldManager("lanes").forceConflicts().serverSideApply();

    Deployment rolledOut = client.apps().deployments().inNamespace("openedx-acme").withName("lms")
        .waitUntilCondition(d -> d != null && d.getStatus() != null
            && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()), 10, TimeUnit.SECONDS);

    assertThat(rolledOut.getMetadata().getManagedFields()).extracting("manager").containsExactly("lanes");
  }

  @Test
  @DisplayName("a dry run answers like the write but persists nothing")
  void dryRunPersistsNothing() {
    client.resource(deployment("cms", "openedx-acme")).dryRun().fieldManager("lanes").serverSideApply();

    assertThat(client.apps().deployments().inNamespace("openedx-acme").withName("cms").get()).isNull();
  }

  @Test
  @DisplayName("a namespace the double was not told about gets no kubelet: its Deployment never rolls out")
  void otherNamespacesAreNotJudged() throws InterruptedException {
    client.resource(deployment("lms", "openedx-globex")).fieldManager("lanes").serverSideApply();
    Thread.sleep(300);

    assertThat(client.apps().deployments().inNamespace("openedx-globex").withName("lms").get().getStatus()).isNull();
  }

  @Test
  @DisplayName("a rule in kube-system/kubelet-test-double fails the Deployment whose spec holds its text, until the text is gone")
  void ruleFailsTheNamedRollout() {
    client.configMaps().inNamespace(KubeletRules.NAMESPACE)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(KubeletRules.NAME).endMetadata()
            .addToData(KubeletRules.KEY, "Deployment/lms localhost:5000/acme/openedx:broken\n").build())
        .create();
    Deployment broken = deployment("lms", "openedx-acme");
    broken.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("localhost:5000/acme/openedx:broken");
    client.resource(deployment("cms", "openedx-acme")).fieldManager("lanes").serverSideApply();

    client.resource(broken).fieldManager("lanes").forceConflicts().serverSideApply();

    Deployment failed = client.apps().deployments().inNamespace("openedx-acme").withName("lms")
        .waitUntilCondition(d -> d != null && d.getStatus() != null && !d.getStatus().getConditions().isEmpty(),
            10, TimeUnit.SECONDS);
    assertThat(failed.getStatus().getConditions().get(0).getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(failed.getStatus().getAvailableReplicas()).isZero();
    client.apps().deployments().inNamespace("openedx-acme").withName("cms")
        .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()),
            10, TimeUnit.SECONDS);

    client.resource(deployment("lms", "openedx-acme")).fieldManager("lanes").forceConflicts().serverSideApply();

    Deployment healed = client.apps().deployments().inNamespace("openedx-acme").withName("lms")
        .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas()),
            10, TimeUnit.SECONDS);
    assertThat(healed.getStatus().getConditions()).isEmpty();
  }

  @Test
  @DisplayName("a bad command line is refused with the flag named")
  void badArguments() {
    assertThatThrownBy(() -> KubeApiTestDoubleServer.Arguments.parse(new String[] {"--port", "70000", "--kubeconfig", "k"}))
        .hasMessage("--port 70000: not a TCP port (0 to 65535)");
    assertThatThrownBy(() -> KubeApiTestDoubleServer.Arguments.parse(new String[] {"--kubeconfig"}))
        .hasMessage("--kubeconfig: a value is missing");
    assertThatThrownBy(() -> KubeApiTestDoubleServer.Arguments.parse(new String[] {"--port", "1"}))
        .hasMessage("--port and --kubeconfig are required");
  }

  private static Deployment deployment(String name, String namespace) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName(name).withImage("localhost:5000/acme/openedx:x").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }
}
