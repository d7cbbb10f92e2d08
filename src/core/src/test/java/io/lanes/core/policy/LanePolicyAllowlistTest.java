package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.config.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy as an allowlist checked by type: each hostile manifest below is refused with exactly the violations
 * listed (docs/security-policy-rows.md names each one).
 */
class LanePolicyAllowlistTest {
  private static final String NOT_A_BOOLEAN =
      ", not a boolean: YAML 1.1 readers such as kubectl's may read it as true (write true or false)";

  private static List<String> acme(String yaml) throws Exception {
    return check(Platforms.ACME, yaml);
  }

  private static List<String> check(Target target, String yaml) throws Exception {
    return LanePolicy.check(target, KubeManifestParser.parse("env/k8s/x.yml", yaml)).stream()
        .map(Violation::toString)
        .toList();
  }

  private static String pod(String spec) {
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + spec.indent(2);
  }

  private static String container(String securityContext) {
    return pod("containers:\n  - name: c\n    image: localhost:5000/acme/x:1\n    securityContext: " + securityContext);
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        refused(
            "a VolumeSnapshotContent (cluster-scoped, binds any Cinder snapshot)",
            "apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotContent\nmetadata: {name: theirs}\n",
            "VolumeSnapshotContent/theirs: cluster-scoped VolumeSnapshotContent is outside the platform's namespace"
                + " openedx-acme"),
        refused(
            "an unknown custom resource",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
            "Widget/w: kind example.com/Widget is not allowed: a platform may create the built-in namespaced kinds"
                + " and the custom resources its allowedKind names in lanes.config"),
        refused(
            "a built-in kind name in a foreign API group",
            "apiVersion: evil.example.com/v1\nkind: Deployment\nmetadata: {name: d}\n",
            "Deployment/d: kind evil.example.com/Deployment is not allowed: a platform may create the built-in"
                + " namespaced kinds and the custom resources its allowedKind names in lanes.config"),
        refused(
            "a ClusterRoleBinding under an old API version",
            "apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRoleBinding\nmetadata: {name: crb}\n",
            "ClusterRoleBinding/crb: a ClusterRoleBinding grants rights across the whole cluster"),
        refused(
            "Endpoints that point a Service anywhere",
            "apiVersion: v1\nkind: Endpoints\nmetadata: {name: api}\n",
            "Endpoints/api: kind Endpoints is not allowed: a platform may create the built-in namespaced kinds and"
                + " the custom resources its allowedKind names in lanes.config"),
        refused(
            "an EndpointSlice",
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: api}\n",
            "EndpointSlice/api: kind discovery.k8s.io/EndpointSlice is not allowed: a platform may create the"
                + " built-in namespaced kinds and the custom resources its allowedKind names in lanes.config"),
        refused(
            "a ResourceQuota overriding the cluster admin's",
            "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n",
            "ResourceQuota/q: kind ResourceQuota is not allowed: a platform may create the built-in namespaced kinds"
                + " and the custom resources its allowedKind names in lanes.config"),
        refused(
            "a Lease that forges the deploy lock",
            "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: lanes-deploy}\n",
            "Lease/lanes-deploy: kind coordination.k8s.io/Lease is not allowed: a platform may create the built-in"
                + " namespaced kinds and the custom resources its allowedKind names in lanes.config"),
        refused(
            "privileged: \"yes\", a string",
            container("{privileged: \"yes\"}"),
            "Pod/p: container \"c\" privileged is \"yes\"" + NOT_A_BOOLEAN),
        refused(
            "privileged: yes, true to YAML 1.1",
            container("{privileged: yes}"),
            "Pod/p: container \"c\" privileged is \"yes\"" + NOT_A_BOOLEAN),
        refused(
            "privileged: True",
            container("{privileged: True}"),
            "Pod/p: container \"c\" privileged is \"True\"" + NOT_A_BOOLEAN),
        refused("privileged: 1", container("{privileged: 1}"), "Pod/p: container \"c\" privileged is \"1\"" + NOT_A_BOOLEAN),
        refused("hostNetwork: on", pod("hostNetwork: on"), "Pod/p: hostNetwork is \"on\"" + NOT_A_BOOLEAN),
        refused("hostPID: \"true\"", pod("hostPID: \"true\""), "Pod/p: hostPID is \"true\"" + NOT_A_BOOLEAN),
        refused("hostIPC: y", pod("hostIPC: y"), "Pod/p: hostIPC is \"y\"" + NOT_A_BOOLEAN),
        refused(
            "allowPrivilegeEscalation: true",
            container("{allowPrivilegeEscalation: true}"),
            "Pod/p: container \"c\" allows privilege escalation"),
        refused(
            "allowPrivilegeEscalation: \"false\", a string",
            container("{allowPrivilegeEscalation: \"false\"}"),
            "Pod/p: container \"c\" allowPrivilegeEscalation is \"false\"" + NOT_A_BOOLEAN),
        refused(
            "a capability in lowercase",
            container("{capabilities: {add: [sys_admin]}}"),
            "Pod/p: container \"c\" adds capability SYS_ADMIN"),
        refused(
            "a capability with CAP_ in mixed case",
            container("{capabilities: {add: [Cap_Net_Raw]}}"),
            "Pod/p: container \"c\" adds capability NET_RAW"),
        refused("capability ALL", container("{capabilities: {add: [all]}}"), "Pod/p: container \"c\" adds capability ALL"),
        refused(
            "capabilities.add as a string",
            container("{capabilities: {add: SYS_ADMIN}}"),
            "Pod/p: container \"c\" capabilities.add is not a list of capability names"),
        refused(
            "a capability that is not a name",
            container("{capabilities: {add: [{SYS_ADMIN: 1}]}}"),
            "Pod/p: container \"c\" adds a capability that is not a name: \"{SYS_ADMIN=1}\""),
        refused(
            "a seccomp profile Unconfined",
            pod("securityContext: {seccompProfile: {type: Unconfined}}"),
            "Pod/p: the pod runs without a seccomp profile (Unconfined)"),
        refused(
            "an unmasked /proc",
            container("{procMount: Unmasked}"),
            "Pod/p: container \"c\" mounts /proc \"Unmasked\" (only Default keeps the node's /proc masked)"),
        refused(
            "a Windows host process",
            pod("securityContext: {windowsOptions: {hostProcess: true}}"),
            "Pod/p: the pod runs as a host process"),
        refused(
            "the platform's Namespace enforcing privileged",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: openedx-acme\n  labels:\n"
                + "    pod-security.kubernetes.io/enforce: privileged\n",
            "Namespace/openedx-acme: label pod-security.kubernetes.io/enforce=\"privileged\" weakens Pod Security"
                + " below baseline (allowed: baseline, restricted)"),
        refused(
            "a Pod Security level in the wrong case",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: openedx-acme\n  labels:\n"
                + "    pod-security.kubernetes.io/enforce: Baseline\n",
            "Namespace/openedx-acme: label pod-security.kubernetes.io/enforce=\"Baseline\" weakens Pod Security"
                + " below baseline (allowed: baseline, restricted)"),
        refused(
            "Pod Security pinned to an old version",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: openedx-acme\n  labels:\n"
                + "    pod-security.kubernetes.io/enforce: baseline\n"
                + "    pod-security.kubernetes.io/enforce-version: v1.0\n",
            "Namespace/openedx-acme: label pod-security.kubernetes.io/enforce-version=\"v1.0\" pins older Pod"
                + " Security rules (allowed: latest)"),
        refused(
            "a Service with externalIPs",
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {externalIPs: [10.0.0.10]}\n",
            "Service/s: sets externalIPs [10.0.0.10]: traffic to those addresses anywhere in the cluster would reach"
                + " this Service"),
        refused(
            "an ExternalName Service into another namespace",
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
                + "spec: {type: ExternalName, externalName: mysql.openedx-globex.svc.cluster.local}\n",
            "Service/s: externalName \"mysql.openedx-globex.svc.cluster.local\" points at namespace"
                + " \"openedx-globex\", outside the platform's namespace openedx-acme"),
        refused(
            "a RoleBinding to another namespace's ServiceAccount",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
                + "roleRef: {kind: Role, name: r}\n"
                + "subjects: [{kind: ServiceAccount, name: default, namespace: openedx-globex}]\n",
            "RoleBinding/rb: binds ServiceAccount \"default\" of namespace \"openedx-globex\": only the platform's"
                + " own service accounts may be bound"),
        refused(
            "a RoleBinding to every authenticated user",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
                + "roleRef: {kind: Role, name: r}\nsubjects: [{kind: Group, name: \"system:authenticated\"}]\n",
            "RoleBinding/rb: binds Group \"system:authenticated\", which reaches beyond the platform (only its own"
                + " service accounts and named users and groups)"),
        refused(
            "a RoleBinding to every service account of the cluster",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\n"
                + "roleRef: {kind: Role, name: r}\nsubjects: [{kind: Group, name: \"system:serviceaccounts\"}]\n",
            "RoleBinding/rb: binds Group \"system:serviceaccounts\", which reaches beyond the platform (only its"
                + " own service accounts and named users and groups)"),
        refused(
            "a Role granting escalate",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n"
                + "rules: [{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}]\n",
            "Role/r: grants \"escalate\", which hands out rights the lane policy reviews"),
        refused(
            "a Role granting everything",
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n"
                + "rules: [{apiGroups: [\"*\"], resources: [\"*\"], verbs: [\"*\"]}]\n",
            "Role/r: grants \"*\" on API groups \"*\", which includes escalate, bind or impersonate"),
        refused(
            "a claim on an existing PersistentVolume by name",
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {volumeName: pvc-globex-mysql}\n",
            "PersistentVolumeClaim/data: claims PersistentVolume \"pvc-globex-mysql\" by name: a platform's volumes"
                + " come from its StorageClass, never from an existing volume"),
        refused(
            "a claim copying another namespace's snapshot",
            "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n"
                + "spec: {dataSourceRef: {kind: VolumeSnapshot, name: s, namespace: openedx-globex}}\n",
            "PersistentVolumeClaim/data: dataSourceRef reads from namespace \"openedx-globex\", outside the"
                + " platform's namespace"),
        refused(
            "a ClusterRoleBinding inside a kind: List",
            "apiVersion: v1\nkind: List\nitems:\n"
                + "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: fine}}\n"
                + "  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: ClusterRoleBinding\n    metadata: {name: crb}\n"
                + "    roleRef: {kind: ClusterRole, name: cluster-admin}\n",
            "ClusterRoleBinding/crb: a ClusterRoleBinding grants rights across the whole cluster"),
        refused(
            "hostPID inside a DeploymentList",
            "apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n"
                + "    metadata: {name: d}\n    spec: {template: {spec: {hostPID: true}}}\n",
            "Deployment/d: hostPID shares the node's namespaces"),
        refused(
            "a List inside a List",
            "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: List\n    items:\n"
                + "      - {apiVersion: v1, kind: Node, metadata: {name: n}}\n",
            "Node/n: cluster-scoped Node is outside the platform's namespace openedx-acme"),
        refused(
            "a List whose items is not a list",
            "apiVersion: v1\nkind: List\nmetadata: {name: l}\nitems: {apiVersion: v1, kind: Node}\n",
            "List/l: items is not a list of objects"),
        refused(
            "a List item without kind",
            "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, metadata: {name: x}}\n",
            "List/(unnamed): items[0] is not an object with apiVersion and kind"),
        refused(
            "a huge object name is echoed cut",
            "apiVersion: v1\nkind: Node\nmetadata: {name: " + "n".repeat(5000) + "}\n",
            "Node/" + "n".repeat(120) + "… (5000 characters): cluster-scoped Node is outside the platform's"
                + " namespace openedx-acme"));
  }

  private static Arguments refused(String what, String yaml, String violation) {
    return Arguments.of(what, yaml, violation);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  @DisplayName("a hostile manifest is refused with exactly one violation naming the object")
  void hostileManifestRefused(String what, String yaml, String violation) throws Exception {
    assertThat(acme(yaml)).containsExactly(violation);
  }

  @Test
  @DisplayName("the safe forms pass: explicit false, baseline labels, own ExternalName, own service accounts")
  void safeFormsPass() throws Exception {
    assertThat(
            acme(
                """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: openedx-acme
                  labels:
                    pod-security.kubernetes.io/enforce: restricted
                    pod-security.kubernetes.io/enforce-version: latest
                    pod-security.kubernetes.io/warn: privileged
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec: {type: ExternalName, externalName: mysql.openedx-acme.svc.cluster.local, externalIPs: []}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: rb}
                roleRef: {kind: Role, name: deployer}
                subjects:
                  - {kind: ServiceAccount, name: deployer}
                  - {kind: ServiceAccount, name: ci, namespace: openedx-acme}
                  - {kind: User, name: "system:serviceaccount:openedx-acme:ci"}
                  - {kind: Group, name: acme-maintainers}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: deployer}
                rules: [{apiGroups: [apps], resources: [deployments], verbs: ["*"]}]
                ---
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: lms}
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: lms}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: lms}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  hostNetwork: false
                  hostPID: null
                  securityContext: {seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: c
                      image: localhost:5000/acme/x:1
                      securityContext:
                        privileged: false
                        allowPrivilegeEscalation: false
                        procMount: Default
                        capabilities: {add: [net_bind_service, CAP_CHOWN], drop: [ALL]}
                """))
        .isEmpty();
  }

  @Test
  @DisplayName("allowedKind lets exactly that group and kind through, for that platform only")
  void allowedKindAllowsOnlyItsGroupAndKind() throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                """
                [platform "acme"]
                  namespace = openedx-acme
                  cluster = prod
                  allowedKind = cert-manager.io/Certificate
                [platform "globex"]
                  namespace = openedx-globex
                  cluster = prod
                [cluster "prod"]
                  server = https://10.0.0.10:6443
                """)
            .orThrow();
    String certificates =
        """
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: lms-tls}
        ---
        apiVersion: evil.example.com/v1
        kind: Certificate
        metadata: {name: fake}
        """;

    assertThat(check(map.target(map.platform("acme").orElseThrow()), certificates))
        .containsExactly(
            "Certificate/fake: kind evil.example.com/Certificate is not allowed: a platform may create the built-in"
                + " namespaced kinds and the custom resources its allowedKind names in lanes.config");
    assertThat(check(map.target(map.platform("globex").orElseThrow()), certificates)).hasSize(2);
  }

  @Test
  @DisplayName("an allowed custom resource still may not name another namespace")
  void allowedKindStaysInNamespace() throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                "[platform \"acme\"]\n namespace = openedx-acme\n cluster = prod\n"
                    + " allowedKind = cert-manager.io/Certificate\n[cluster \"prod\"]\n server = https://10.0.0.10:6443\n")
            .orThrow();

    assertThat(
            check(
                map.target(map.platform("acme").orElseThrow()),
                "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c, namespace: openedx-globex}\n"))
        .containsExactly("Certificate/c: namespace \"openedx-globex\" is not the platform's namespace openedx-acme");
  }
}
