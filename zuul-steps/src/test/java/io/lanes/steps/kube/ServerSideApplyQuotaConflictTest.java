package io.lanes.steps.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a quota's optimistic-lock conflict is told apart from a field-ownership conflict (pure)")
class ServerSideApplyQuotaConflictTest {
  private static KubernetesClientException conflict(String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(409).withMessage(message).build());
  }

  @Test
  @DisplayName("the API server's 409 on resourcequotas (seen in PreviewAgainstKubeTest's parallel applies) is tried again")
  void quotaConflict() {
    assertThat(ServerSideApply.quotaConflict(conflict("Operation cannot be fulfilled on resourcequotas \"lanes-preview\":"
        + " the object has been modified; please apply your changes to the latest version and try again"))).isTrue();
  }

  @Test
  @DisplayName("a field-ownership conflict, or another status, is not")
  void otherConflicts() {
    assertThat(ServerSideApply.quotaConflict(conflict("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas")))
        .isFalse();
    assertThat(ServerSideApply.quotaConflict(new KubernetesClientException(
        new StatusBuilder().withCode(403).withMessage("forbidden on resourcequotas").build()))).isFalse();
  }
}
