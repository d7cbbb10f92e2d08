package io.lanes.steps.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.lanes.steps.StepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --in-cluster}: the service account a pod mounts, here a directory of the test's. */
class KubeOptionsTest {
  @TempDir Path serviceAccount;

  @Test
  @DisplayName("--in-cluster reaches the API server of KUBERNETES_SERVICE_HOST/PORT with the mounted CA, and reads"
      + " the token again for each request, as the kubelet rotates it")
  void inClusterUsesTheServiceAccount() throws Exception {
    Files.writeString(serviceAccount.resolve("token"), "token-one\n");
    Map<String, String> environment = Map.of("KUBERNETES_SERVICE_HOST", "10.254.0.1", "KUBERNETES_SERVICE_PORT", "6443");

    Config config = KubeOptions.inCluster(environment, serviceAccount);

    assertThat(config.getMasterUrl()).startsWith("https://10.254.0.1:6443");
    assertThat(config.getCaCertFile()).isEqualTo(serviceAccount.resolve("ca.crt").toString());
    assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("token-one");
    Files.writeString(serviceAccount.resolve("token"), "token-two\n");
    assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("token-two");
    assertThat(KubeOptions.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1"), serviceAccount).getMasterUrl())
        .startsWith("https://[fd00::1]:443");
  }

  @Test
  @DisplayName("--in-cluster outside a pod is one configuration error naming what is missing")
  void inClusterOutsideAPod() throws Exception {
    assertThatThrownBy(() -> KubeOptions.inCluster(Map.of(), serviceAccount))
        .isInstanceOf(StepException.class)
        .hasMessage("--in-cluster: not running in a pod (no KUBERNETES_SERVICE_HOST or no "
            + serviceAccount.resolve("token") + ")");
    assertThatThrownBy(() -> KubeOptions.inCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.254.0.1"), serviceAccount))
        .isInstanceOf(StepException.class)
        .hasMessageContaining("no " + serviceAccount.resolve("token"));
  }
}
