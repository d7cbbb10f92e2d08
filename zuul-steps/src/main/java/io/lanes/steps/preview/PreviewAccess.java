package io.lanes.steps.preview;

import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PreviewSettings;
import java.util.regex.Pattern;

/**
 * The rights of a platform's preview ServiceAccount, as objects a cluster administrator applies once (the privileged
 * bootstrap; {@code zuul-steps preview access} prints them). Pure.
 *
 * <p>RBAC alone cannot say "only namespaces labelled X": creating a namespace, and the RoleBinding that opens it, are
 * rights on every namespace or none. So the ServiceAccount gets those few cluster-wide rights (namespaces;
 * RoleBindings binding only the platform's preview ClusterRole), and a ValidatingAdmissionPolicy fences every write
 * it makes: a Namespace it creates, changes or deletes must be named by the platform's preview pattern and labelled
 * {@code lanes.io/preview-of=<platform>} before and after, and every namespaced object it writes must be in such a
 * namespace. Inside a preview namespace it gets everything ({@value #EDIT_ROLE_PREFIX}&lt;platform&gt;, bound there
 * by the step itself); it can read nothing else but Namespaces and RoleBindings.
 */
final class PreviewAccess {
  /** The ClusterRole granted inside each preview namespace. */
  static final String EDIT_ROLE_PREFIX = "lanes-preview-edit-";

  /** The ClusterRole (and binding and admission policy) of the cluster-wide part. */
  static final String ROLE_PREFIX = "lanes-previews-";

  /** The RoleBinding the step creates in each preview namespace. */
  static final String BINDING = "lanes-preview";

  private PreviewAccess() {}

  /** The ClusterRole a platform's previews run with inside their namespaces. */
  static String editRole(Platform platform) {
    return EDIT_ROLE_PREFIX + platform.name();
  }

  /** The preview namespaces' names as a regular expression (RE2, as CEL's {@code matches} takes it). */
  static String namespaceRegex(Platform platform, PreviewSettings settings) {
    return "^" + Pattern.quote(settings.namespacePattern())
        .replace(LanesConfig.PLACEHOLDER_CHANGE, "\\E[1-9][0-9]*\\Q")
        .replace(LanesConfig.PLACEHOLDER_NAMESPACE, platform.namespace())
        .replace(LanesConfig.PLACEHOLDER_PLATFORM, platform.name())
        .replace("\\Q", "").replace("\\E", "") + "$";
  }

  /**
   * The bootstrap objects, as YAML for {@code kubectl apply -f -}.
   *
   * @param accountNamespace the namespace of the ServiceAccount (it must not be a preview namespace)
   * @param account its name
   */
  static String yaml(Platform platform, PreviewSettings settings, String accountNamespace, String account) {
    String name = platform.name();
    String user = "system:serviceaccount:" + accountNamespace + ":" + account;
    String labelled = "has(%1$s.metadata.labels) && '" + PreviewLane.LABEL_PREVIEW_OF + "' in %1$s.metadata.labels"
        + " && %1$s.metadata.labels['" + PreviewLane.LABEL_PREVIEW_OF + "'] == '" + name + "'";
    String regex = namespaceRegex(platform, settings).replace("\\", "\\\\");
    return """
        # The rights of platform %1$s's previews (zuul-steps preview access): apply once as a cluster administrator.
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: %3$s
          namespace: %2$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: %5$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        rules:
        - apiGroups: ["*"]
          resources: ["*"]
          verbs: ["*"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: %6$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        rules:
        - apiGroups: [""]
          resources: [namespaces]
          verbs: [get, list, watch, create, patch, update, delete]
        - apiGroups: [rbac.authorization.k8s.io]
          resources: [rolebindings]
          verbs: [get, create, patch, update]
        - apiGroups: [rbac.authorization.k8s.io]
          resources: [clusterroles]
          verbs: [bind]
          resourceNames: [%5$s]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: %6$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %6$s}
        subjects:
        - {kind: ServiceAccount, name: %3$s, namespace: %2$s}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: %6$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - apiGroups: ["*"]
              apiVersions: ["*"]
              operations: [CREATE, UPDATE, DELETE, CONNECT]
              resources: ["*/*"]
          matchConditions:
          - name: preview-account
            expression: "request.userInfo.username == '%4$s'"
          validations:
          - expression: >-
              request.resource.resource == 'namespaces'
              ? (object == null || (object.metadata.name.matches('%7$s') && %8$s))
                && (oldObject == null || (oldObject.metadata.name.matches('%7$s') && %9$s))
              : namespaceObject != null && namespaceObject.metadata.name.matches('%7$s') && %10$s
            messageExpression: >-
              "%4$s writes only in preview namespaces of platform %1$s (named %7$s, labelled %11$s=%1$s): "
              + request.resource.resource + " in '" + request.namespace + "' refused"
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: %6$s
          labels: {app.kubernetes.io/managed-by: lanes, lanes.io/preview-of: %1$s}
        spec:
          policyName: %6$s
          validationActions: [Deny]
        """
        .formatted(
            name, accountNamespace, account, user, editRole(platform), ROLE_PREFIX + name, regex,
            labelled.formatted("object"), labelled.formatted("oldObject"), labelled.formatted("namespaceObject"),
            PreviewLane.LABEL_PREVIEW_OF);
  }
}
