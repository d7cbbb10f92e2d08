package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.core.config.Platform;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ZuulConfigPolicyTest {
  private static final Platform ACME = Platforms.ACME.platform();

  private static List<String> check(String yaml) throws Exception {
    return ZuulConfigPolicy.check(Platforms.MAP, ACME, ZuulConfigParser.parse("zuul.d/jobs.yaml", yaml)).stream()
        .map(Violation::located)
        .toList();
  }

  @Test
  @DisplayName("a platform's jobs with its own namespace, own and shared secrets pass")
  void ownConfigPasses() throws Exception {
    assertThat(
            check(
                """
                - secret:
                    name: acme-registry
                    data:
                      password: !encrypted/pkcs1-oaep
                        - AAAA
                - job:
                    name: acme-deploy
                    secrets: [acme-registry, {name: s3, secret: backup-s3}]
                    vars:
                      namespace: openedx-acme
                - project:
                    check: {jobs: [acme-deploy]}
                """))
        .isEmpty();
  }

  @Test
  @DisplayName("another platform's namespace anywhere in a job's variables is refused, with its line")
  void otherNamespaceInVarsRefused() throws Exception {
    assertThat(
            check(
                """
                - job:
                    name: acme-deploy
                    vars:
                      lanes: {targets: [openedx-acme, openedx-globex]}
                - job:
                    name: acme-backup
                    host-vars:
                      node: {ns: openedx-acme-eu}
                """))
        .containsExactly(
            "zuul.d/jobs.yaml:1: job/acme-deploy: vars.lanes.targets[1] sets namespace \"openedx-globex\""
                + " of platform globex",
            "zuul.d/jobs.yaml:5: job/acme-backup: host-vars.node.ns sets namespace \"openedx-acme-eu\""
                + " of platform acme-eu");
  }

  @Test
  @DisplayName("another platform's secret is refused in both forms; the longest platform name owns it")
  void otherSecretRefused() throws Exception {
    assertThat(
            check(
                """
                - job:
                    name: acme-deploy
                    secrets:
                      - globex-registry
                      - {name: creds, secret: acme-eu-kubeconfig}
                - secret:
                    name: globex-token
                    data: {}
                """))
        .containsExactly(
            "zuul.d/jobs.yaml:1: job/acme-deploy: uses secret \"globex-registry\" of platform globex",
            "zuul.d/jobs.yaml:1: job/acme-deploy: uses secret \"acme-eu-kubeconfig\" of platform acme-eu",
            "zuul.d/jobs.yaml:6: secret/globex-token: secret name \"globex-token\" belongs to platform globex");
  }

  @Test
  @DisplayName("malformed Zuul YAML names file and line")
  void malformedZuulYaml() {
    assertThatThrownBy(() -> ZuulConfigParser.parse("zuul.d/jobs.yaml", "- job:\n    name: [x\n"))
        .isInstanceOf(ManifestSyntaxException.class)
        .hasMessageStartingWith("zuul.d/jobs.yaml:");
  }

  @Test
  @DisplayName("the platform layout: manifests under env/, Zuul config where Zuul reads it (.yaml only)")
  void platformLayout() {
    assertThat(PlatformLayout.isManifest("env/k8s/apps.yml")).isTrue();
    assertThat(PlatformLayout.isManifest("env/kustomization.yaml")).isTrue();
    assertThat(PlatformLayout.isManifest("env/apps/openedx/settings/lms/production.py")).isFalse();
    assertThat(PlatformLayout.isManifest("docs/k8s.yml")).isFalse();
    assertThat(PlatformLayout.isZuulConfig("zuul.d/jobs.yaml")).isTrue();
    assertThat(PlatformLayout.isZuulConfig(".zuul.yaml")).isTrue();
    assertThat(PlatformLayout.isZuulConfig("zuul.d/jobs.yml")).isFalse();
  }
}
