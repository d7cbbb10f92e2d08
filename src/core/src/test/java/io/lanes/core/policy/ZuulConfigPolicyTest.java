package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.core.config.Platform;
import io.lanes.core.zuul.ZuulYaml;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ZuulConfigPolicyTest {
  private static final Platform ACME = Platforms.ACME.platform();

  private static List<String> check(String yaml) throws Exception {
    return ZuulConfigPolicy.check(Platforms.MAP, ACME, ZuulYaml.items("zuul.d/jobs.yaml", yaml)).stream()
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
  @DisplayName("a project's vars and its pipelines' job variants are checked like jobs, in projects and templates")
  void projectVariantsCheckedLikeJobs() throws Exception {
    assertThat(
            check(
                """
                - project:
                    vars: {namespace: openedx-globex}
                    check:
                      jobs:
                        - acme-render
                        - acme-deploy:
                            secrets: [{name: kube, secret: globex-kubeconfig}]
                            vars: {lanes: {namespace: openedx-globex}}
                    gate:
                      jobs:
                        - acme-render: {extra-vars: {ns: openedx-acme}}
                - project-template:
                    name: acme-pipelines
                    promote:
                      jobs:
                        - acme-deploy:
                            secrets: [globex-registry]
                """))
        .containsExactly(
            "zuul.d/jobs.yaml:1: project/(unnamed): vars.namespace sets namespace \"openedx-globex\" of platform globex",
            "zuul.d/jobs.yaml:1: project/(unnamed): check.acme-deploy.secrets uses secret \"globex-kubeconfig\" of"
                + " platform globex",
            "zuul.d/jobs.yaml:1: project/(unnamed): check.acme-deploy.vars.lanes.namespace sets namespace"
                + " \"openedx-globex\" of platform globex",
            "zuul.d/jobs.yaml:12: project-template/acme-pipelines: promote.acme-deploy.secrets uses secret"
                + " \"globex-registry\" of platform globex");
  }

  @Test
  @DisplayName("with a platform per part, a variant is checked for the platform it speaks for, shared parts not")
  void partsSpeakForTheirOwnPlatform() throws Exception {
    List<ZuulConfigItem> items =
        ZuulYaml.items(
            "zuul.d/projects.yaml",
            """
            - project:
                vars: {namespace: openedx-globex}
                check:
                  jobs:
                    - deploy: {branches: ^platform/acme$, secrets: [globex-registry]}
                    - deploy: {branches: ^platform/globex$, secrets: [globex-registry]}
            """);

    List<String> found =
        ZuulConfigPolicy.check(
                Platforms.MAP,
                part ->
                    "^platform/acme$".equals(part.branches()) ? Optional.of(ACME) : Optional.<Platform>empty(),
                items)
            .stream()
            .map(Violation::located)
            .toList();

    assertThat(found)
        .containsExactly(
            "zuul.d/projects.yaml:1: project/(unnamed): check.deploy.secrets uses secret \"globex-registry\" of"
                + " platform globex");
  }

  @Test
  @DisplayName("malformed Zuul YAML names file and line")
  void malformedZuulYaml() {
    assertThatThrownBy(() -> ZuulYaml.items("zuul.d/jobs.yaml", "- job:\n    name: [x\n"))
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
