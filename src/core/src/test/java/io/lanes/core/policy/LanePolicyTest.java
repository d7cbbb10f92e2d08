package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanePolicyTest {

  private static List<String> check(io.lanes.core.config.Target target, String yaml) throws Exception {
    return LanePolicy.check(target, KubeManifestParser.parse("env/k8s/x.yml", yaml)).stream()
        .map(Violation::toString)
        .toList();
  }

  private static List<String> acme(String yaml) throws Exception {
    return check(Platforms.ACME, yaml);
  }

  private static String deployment(String podSpec) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: lms
        spec:
          template:
            spec:
        """
        + podSpec.indent(6);
  }

  @Test
  @DisplayName("a Tutor-like platform in its own namespace with its own images passes")
  void cleanPlatformPasses() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: openedx-acme
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: lms
                  namespace: openedx-acme
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: viewers
                roleRef: {kind: ClusterRole, name: view, apiGroup: rbac.authorization.k8s.io}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: own-role
                roleRef: {kind: Role, name: deployer, apiGroup: rbac.authorization.k8s.io}
                ---
                """
                    + deployment(
                        """
                        securityContext: {runAsUser: 1000}
                        containers:
                          - name: lms
                            image: localhost:5000/acme/openedx:change-1-ps-1
                            securityContext: {privileged: false, capabilities: {add: [NET_BIND_SERVICE]}}
                        volumes:
                          - name: data
                            persistentVolumeClaim: {claimName: lms-data}
                        """)))
        .isEmpty();
  }

  @Test
  @DisplayName("an object in another namespace is refused; no namespace is fine")
  void otherNamespaceRefused() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a, namespace: openedx-globex}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: b}
                """))
        .containsExactly(
            "ConfigMap/a: namespace \"openedx-globex\" is not the platform's namespace openedx-acme");
  }

  @Test
  @DisplayName("cluster-scoped objects are refused, a Namespace other than the platform's too")
  void clusterScopedRefused() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: v1
                kind: Namespace
                metadata: {name: kube-system}
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: fast}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: god}
                """))
        .containsExactly(
            "Namespace/kube-system: namespace \"kube-system\" is not the platform's namespace openedx-acme",
            "StorageClass/fast: cluster-scoped StorageClass is outside the platform's namespace openedx-acme",
            "ClusterRole/god: cluster-scoped ClusterRole is outside the platform's namespace openedx-acme");
  }

  @Test
  @DisplayName("any ClusterRoleBinding, and a RoleBinding to a ClusterRole other than view, are refused")
  void rbacEscalationRefused() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: crb}
                roleRef: {kind: ClusterRole, name: view}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: admins}
                roleRef: {kind: ClusterRole, name: cluster-admin}
                """))
        .containsExactly(
            "ClusterRoleBinding/crb: a ClusterRoleBinding grants rights across the whole cluster",
            "RoleBinding/admins: binds ClusterRole \"cluster-admin\", which may grant more than the namespace"
                + " (bindable ClusterRoles: view)");
  }

  @Test
  @DisplayName("images outside the platform's prefix are refused in containers, init and ephemeral containers")
  void foreignImagesRefused() throws Exception {
    assertThat(
            acme(
                deployment(
                    """
                    initContainers:
                      - {name: init, image: "docker.io/evil/miner:1"}
                    containers:
                      - {name: ok, image: "localhost:5000/acme/openedx:1"}
                      - {name: sibling, image: "localhost:5000/acme-eu/openedx:1"}
                      - {name: short, image: "redis:7"}
                    ephemeralContainers:
                      - {name: debug, image: "busybox"}
                    """)))
        .containsExactly(
            "Deployment/lms: container \"init\" image \"docker.io/evil/miner:1\" is not allowed"
                + " (allowed: localhost:5000/acme/)",
            "Deployment/lms: container \"sibling\" image \"localhost:5000/acme-eu/openedx:1\" is not allowed"
                + " (allowed: localhost:5000/acme/)",
            "Deployment/lms: container \"short\" image \"redis:7\" is not allowed (allowed: localhost:5000/acme/)",
            "Deployment/lms: container \"debug\" image \"busybox\" is not allowed (allowed: localhost:5000/acme/)");
  }

  @Test
  @DisplayName("text that is no image reference is refused naming what is wrong, even under the platform's prefix")
  void invalidImageReferencesRefused() throws Exception {
    assertThat(
            acme(
                deployment(
                    """
                    containers:
                      - {name: upper, image: "localhost:5000/acme/OpenEdx:1"}
                      - {name: empty-tag, image: "localhost:5000/acme/openedx:"}
                    """)))
        .containsExactly(
            "Deployment/lms: container \"upper\" image \"localhost:5000/acme/OpenEdx:1\" is not an image reference:"
                + " \"localhost:5000/acme/OpenEdx:1\": the repository (lower-case path parts separated by /)"
                + " \"acme/OpenEdx\" is not valid",
            "Deployment/lms: container \"empty-tag\" image \"localhost:5000/acme/openedx:\" is not an image"
                + " reference: \"localhost:5000/acme/openedx:\": the tag \"\" is not valid");
  }

  @Test
  @DisplayName("allowedImage prefixes match the image's qualified form (redis:7 is docker.io/library/redis:7)")
  void allowedImagesMatchQualifiedForm() throws Exception {
    String yaml =
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: cache}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - {name: redis, image: "redis:7"}
                    - {name: full, image: "docker.io/library/redis:7.2"}
                    - {name: own, image: "registry.example.org:5000/globex/openedx:1"}
                    - {name: lookalike, image: "docker.io/library/redis-evil:1"}
        """;
    assertThat(check(Platforms.GLOBEX, yaml))
        .containsExactly(
            "CronJob/cache: container \"lookalike\" image \"docker.io/library/redis-evil:1\" is not allowed"
                + " (allowed: registry.example.org:5000/globex/, docker.io/library/redis:)");
  }

  @Test
  @DisplayName("hostPath, hostNetwork/hostPID/hostIPC, privileged and extra capabilities are refused")
  void nodeAccessRefused() throws Exception {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: true
          volumes:
            - {name: root, hostPath: {path: /}}
          containers:
            - name: c
              image: localhost:5000/acme/x:1
              securityContext:
                privileged: true
                capabilities: {add: [SYS_ADMIN, CHOWN]}
        """;
    assertThat(acme(yaml))
        .containsExactly(
            "Pod/p: hostNetwork shares the node's namespaces",
            "Pod/p: hostPID shares the node's namespaces",
            "Pod/p: hostIPC shares the node's namespaces",
            "Pod/p: volume \"root\" mounts a hostPath from the node",
            "Pod/p: container \"c\" is privileged",
            "Pod/p: container \"c\" adds capability SYS_ADMIN");
  }

  @Test
  @DisplayName("every workload kind's pod template is checked")
  void everyPodTemplateChecked() throws Exception {
    for (String kindAndGroup :
        List.of("apps/v1 StatefulSet", "apps/v1 DaemonSet", "apps/v1 ReplicaSet", "batch/v1 Job", "v1 ReplicationController")) {
      String kind = kindAndGroup.split(" ")[1];
      String yaml =
          "apiVersion: " + kindAndGroup.split(" ")[0] + "\nkind: "
              + kind
              + "\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      hostPID: true\n";
      assertThat(acme(yaml)).as(kind).containsExactly(kind + "/w: hostPID shares the node's namespaces");
    }
  }

  @Test
  @DisplayName("a Kustomization may not move objects to another namespace nor swap in foreign images")
  void kustomizationChecked() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: openedx-globex
                resources: [k8s/apps.yml]
                images:
                  - {name: openedx, newName: docker.io/evil/openedx, newTag: "1"}
                  - {name: mfe, newName: localhost:5000/acme/mfe}
                """))
        .containsExactly(
            "Kustomization/(unnamed): namespace \"openedx-globex\" is not the platform's namespace openedx-acme",
            "Kustomization/(unnamed): image \"docker.io/evil/openedx\" is not allowed (allowed: localhost:5000/acme/)");
  }

  @Test
  @DisplayName("violations carry file and line: located() is file:line: kind/name: reason")
  void violationsAreLocated() throws Exception {
    List<Violation> violations =
        LanePolicy.check(
            Platforms.ACME,
            KubeManifestParser.parse(
                "env/k8s/apps.yml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\n"
                    + "metadata: {name: p}\nspec: {hostNetwork: true}\n"));

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).located())
        .isEqualTo("env/k8s/apps.yml:5: Pod/p: hostNetwork shares the node's namespaces");
  }

  @Test
  @DisplayName("a host namespace hidden behind a YAML merge key is still refused (kubectl applies merge keys)")
  void mergeKeyCannotHideHostNetwork() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  <<: {hostNetwork: true}
                  containers: [{name: app, image: localhost:5000/acme/openedx:1}]
                """))
        .containsExactly("Pod/p: hostNetwork shares the node's namespaces");
  }
}
