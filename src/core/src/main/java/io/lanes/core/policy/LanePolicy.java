package io.lanes.core.policy;

import io.lanes.core.config.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lane policy: what a platform's manifests may contain so that the platform stays inside its namespace. Pure: a
 * target and objects in, violations out. The Gerrit plugin runs it on push and at submit, {@code zuul-steps render}
 * and {@code deploy} before apply. The rules are documented in {@code docs/policy.md}.
 */
public final class LanePolicy {
  /**
   * Kinds that live outside any namespace. A platform may declare only its own {@code Namespace}; every other
   * cluster-scoped object is refused.
   */
  public static final Set<String> CLUSTER_SCOPED_KINDS =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "StorageClass",
          "VolumeAttachment",
          "CSIDriver",
          "CSINode",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "PriorityClass",
          "RuntimeClass",
          "IngressClass",
          "CertificateSigningRequest",
          "FlowSchema",
          "PriorityLevelConfiguration",
          "PodSecurityPolicy",
          "ClusterIssuer");

  /** The ClusterRoles a RoleBinding may bind: read-only, they grant nothing beyond the namespace. */
  public static final Set<String> BINDABLE_CLUSTER_ROLES = Set.of("view");

  /**
   * The capabilities a container may add: the Kubernetes Pod Security Standards' baseline set (what a container
   * runtime grants by default anyway).
   */
  public static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  private static final String KUSTOMIZE_API_GROUP = "kustomize.config.k8s.io/";
  private static final List<String> HOST_NAMESPACE_FIELDS = List.of("hostNetwork", "hostPID", "hostIPC");

  private LanePolicy() {}

  /** Every rule {@code objects} break for {@code target}, in object order. */
  public static List<Violation> check(Target target, List<ManifestObject> objects) {
    List<Violation> violations = new ArrayList<>();
    for (ManifestObject object : objects) {
      new ObjectCheck(target, object, violations).run();
    }
    return violations;
  }

  /** The rules applied to one object. */
  private static final class ObjectCheck {
    private final Target target;
    private final ManifestObject object;
    private final List<Violation> violations;

    ObjectCheck(Target target, ManifestObject object, List<Violation> violations) {
      this.target = target;
      this.object = object;
      this.violations = violations;
    }

    void run() {
      if (object.apiVersion().startsWith(KUSTOMIZE_API_GROUP)) {
        kustomization();
        return;
      }
      scope();
      rbac();
      pods();
    }

    private void scope() {
      String kind = object.kind();
      if (kind.equals("Namespace")) {
        if (!object.name().equals(target.namespace())) {
          violation("namespace " + quote(object.name()) + " is not the platform's namespace " + target.namespace());
        }
        return;
      }
      if (kind.equals("ClusterRoleBinding")) {
        violation("a ClusterRoleBinding grants rights across the whole cluster");
        return;
      }
      if (CLUSTER_SCOPED_KINDS.contains(kind)) {
        violation("cluster-scoped " + kind + " is outside the platform's namespace " + target.namespace());
        return;
      }
      object
          .namespace()
          .filter(ns -> !ns.equals(target.namespace()))
          .ifPresent(ns -> violation("namespace " + quote(ns) + " is not the platform's namespace " + target.namespace()));
    }

    private void rbac() {
      if (!object.kind().equals("RoleBinding")) {
        return;
      }
      Map<String, Object> roleRef = PlainData.map(object.content().get("roleRef"));
      if ("ClusterRole".equals(roleRef.get("kind"))) {
        String role = String.valueOf(roleRef.get("name"));
        if (!BINDABLE_CLUSTER_ROLES.contains(role)) {
          violation(
              "binds ClusterRole "
                  + quote(role)
                  + ", which may grant more than the namespace (bindable ClusterRoles: "
                  + String.join(", ", BINDABLE_CLUSTER_ROLES.stream().sorted().toList())
                  + ")");
        }
      }
    }

    private void pods() {
      Map<String, Object> spec = PodSpecs.of(object.kind(), object.content());
      if (spec.isEmpty()) {
        return;
      }
      for (String field : HOST_NAMESPACE_FIELDS) {
        if (PlainData.isTrue(spec.get(field))) {
          violation(field + " shares the node's namespaces");
        }
      }
      for (Object volume : PlainData.list(spec.get("volumes"))) {
        Map<String, Object> v = PlainData.map(volume);
        if (v.containsKey("hostPath")) {
          violation("volume " + quote(PlainData.string(v.get("name"))) + " mounts a hostPath from the node");
        }
      }
      for (Map<String, Object> container : PodSpecs.containers(object.kind(), object.content())) {
        container(container);
      }
    }

    private void container(Map<String, Object> container) {
      String name = quote(PlainData.string(container.get("name")));
      String image = PlainData.string(container.get("image"));
      if (image != null && !imageAllowed(image)) {
        violation("container " + name + " image " + quote(image) + " is not allowed " + allowedImages());
      }
      Map<String, Object> security = PlainData.map(container.get("securityContext"));
      if (PlainData.isTrue(security.get("privileged"))) {
        violation("container " + name + " is privileged");
      }
      for (Object capability : PlainData.list(PlainData.at(security, "capabilities", "add"))) {
        String cap = String.valueOf(capability).toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        if (!BASELINE_CAPABILITIES.contains(cap)) {
          violation("container " + name + " adds capability " + cap);
        }
      }
    }

    private void kustomization() {
      String namespace = PlainData.string(object.content().get("namespace"));
      if (namespace != null && !namespace.equals(target.namespace())) {
        violation("namespace " + quote(namespace) + " is not the platform's namespace " + target.namespace());
      }
      for (Object item : PlainData.list(object.content().get("images"))) {
        String newName = PlainData.string(PlainData.map(item).get("newName"));
        if (newName != null && !imageAllowed(newName + ":")) {
          violation("image " + quote(newName) + " is not allowed " + allowedImages());
        }
      }
    }

    private boolean imageAllowed(String image) {
      String qualified = ImageNames.qualified(image.trim());
      if (qualified.startsWith(target.imagePrefix() + "/")) {
        return true;
      }
      return target.platform().allowedImages().stream().anyMatch(qualified::startsWith);
    }

    private String allowedImages() {
      List<String> allowed = new ArrayList<>();
      allowed.add(target.imagePrefix() + "/");
      allowed.addAll(target.platform().allowedImages());
      return "(allowed: " + String.join(", ", allowed) + ")";
    }

    private void violation(String reason) {
      String name = object.name().isEmpty() ? "(unnamed)" : object.name();
      violations.add(new Violation(object.file(), object.line(), object.kind(), name, reason));
    }
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
