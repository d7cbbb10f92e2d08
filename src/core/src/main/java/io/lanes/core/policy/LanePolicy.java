package io.lanes.core.policy;

import io.lanes.core.config.Target;
import io.lanes.core.image.ImageReference;
import io.lanes.core.policy.Kinds.GroupKind;
import io.lanes.core.text.Echo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lane policy: what a platform's manifests may contain so that the platform stays inside its namespace. Pure: a
 * target and objects in, violations out. The Gerrit plugin runs it on push and at submit, {@code zuul-steps render}
 * and {@code deploy} before apply. The rules are documented in {@code docs/policy.md}.
 *
 * <p>It is an allowlist: an object of a kind that is neither one of the built-in namespaced kinds ({@link
 * Kinds#BUILT_IN}) nor a custom resource the platform's {@code allowedKind} names is a violation. Security fields are
 * read by type: only a real boolean {@code false} (or no value) counts as off, so {@code privileged: "yes"}, which a
 * YAML 1.1 reader such as kubectl's takes as {@code true}, is refused.
 */
public final class LanePolicy {
  /**
   * Kinds that live outside any namespace, by name: the cluster-scoped kinds of Kubernetes' own API Lanes knows (see
   * {@link Kinds#CLUSTER_SCOPED}). {@code render} does not give them a namespace. The policy itself refuses every kind
   * it does not allow, whether listed here or not.
   */
  public static final Set<String> CLUSTER_SCOPED_KINDS =
      Kinds.CLUSTER_SCOPED.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  /** The ClusterRoles a RoleBinding may bind: read-only, they grant nothing beyond the namespace. */
  public static final Set<String> BINDABLE_CLUSTER_ROLES = Set.of("view");

  /**
   * The capabilities a container may add: the Kubernetes Pod Security Standards' baseline set (what a container
   * runtime grants by default anyway). Compared case-insensitively, with or without {@code CAP_}.
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

  /** The label that sets the Pod Security level the API server enforces in a namespace. */
  public static final String POD_SECURITY_ENFORCE = "pod-security.kubernetes.io/enforce";

  /** The label that pins the version of that level's rules. */
  public static final String POD_SECURITY_ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";

  /** The Pod Security levels a platform's Namespace may enforce: baseline or stricter. */
  public static final Set<String> ENFORCE_LEVELS = Set.of("baseline", "restricted");

  /** Role verbs that hand out rights: a Role may not grant them. */
  public static final Set<String> GRANTING_VERBS = Set.of("escalate", "bind", "impersonate");

  private static final List<String> HOST_NAMESPACE_FIELDS = List.of("hostNetwork", "hostPID", "hostIPC");
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private LanePolicy() {}

  /**
   * Every rule {@code objects} break for {@code target}, in object order. A {@code List} (or any {@code *List}
   * wrapper kubectl unwraps) is checked item by item, each item under its own kind and name.
   */
  public static List<Violation> check(Target target, List<KubeManifestObject> objects) {
    List<Violation> violations = new ArrayList<>();
    for (KubeManifestObject object : objects) {
      check(target, object, violations);
    }
    return violations;
  }

  private static void check(Target target, KubeManifestObject object, List<Violation> violations) {
    if (Kinds.isList(object.kind()) && !object.apiVersion().startsWith(Kinds.KUSTOMIZE_GROUP + "/")) {
      unwrap(target, object, violations);
      return;
    }
    new ObjectCheck(target, object, violations).run();
  }

  /** Checks the items of a {@code List}: kubectl applies each one. */
  private static void unwrap(Target target, KubeManifestObject list, List<Violation> violations) {
    Object items = list.content().get("items");
    if (items == null) {
      return;
    }
    if (!(items instanceof List<?> entries)) {
      violations.add(violation(list, "items is not a list of objects"));
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> item = PlainData.map(entries.get(i));
      if (!(item.get("apiVersion") instanceof String apiVersion) || !(item.get("kind") instanceof String kind)) {
        violations.add(violation(list, "items[" + i + "] is not an object with apiVersion and kind"));
        continue;
      }
      Map<String, Object> metadata = PlainData.map(item.get("metadata"));
      check(
          target,
          new KubeManifestObject(
              apiVersion,
              kind,
              Optional.ofNullable(PlainData.string(metadata.get("namespace"))),
              Optional.ofNullable(PlainData.string(metadata.get("name"))).orElse(""),
              list.file(),
              list.line(),
              item),
          violations);
    }
  }

  private static Violation violation(KubeManifestObject object, String reason) {
    String name = object.name().isEmpty() ? "(unnamed)" : Echo.bare(object.name());
    return new Violation(object.file(), object.line(), Echo.bare(object.kind()), name, reason);
  }

  /** The rules applied to one object. */
  private static final class ObjectCheck {
    private final Target target;
    private final KubeManifestObject object;
    private final GroupKind kind;
    private final List<Violation> violations;

    ObjectCheck(Target target, KubeManifestObject object, List<Violation> violations) {
      this.target = target;
      this.object = object;
      this.kind = GroupKind.of(object.apiVersion(), object.kind());
      this.violations = violations;
    }

    void run() {
      if (kind.group().equals(Kinds.KUSTOMIZE_GROUP)) {
        kustomization();
        return;
      }
      if (!allowedKind()) {
        return;
      }
      object
          .namespace()
          .filter(ns -> !ns.equals(target.namespace()))
          .ifPresent(ns -> violation("namespace " + quote(ns) + " is not the platform's namespace " + target.namespace()));
      switch (kind.toString()) {
        case "Namespace" -> podSecurityLabels();
        case RBAC_GROUP + "/RoleBinding" -> roleBinding();
        case RBAC_GROUP + "/Role" -> role();
        case "Service" -> service();
        case "PersistentVolumeClaim" -> claim();
        default -> pods();
      }
    }

    /** Whether the kind may be created at all; a violation naming it when not. */
    private boolean allowedKind() {
      if (kind.equals(new GroupKind("", "Namespace"))) {
        if (!object.name().equals(target.namespace())) {
          violation("namespace " + quote(object.name()) + " is not the platform's namespace " + target.namespace());
          return false;
        }
        return true;
      }
      if (kind.equals(new GroupKind(RBAC_GROUP, "ClusterRoleBinding"))) {
        violation("a ClusterRoleBinding grants rights across the whole cluster");
        return false;
      }
      if (Kinds.isKnownClusterScoped(kind)) {
        violation("cluster-scoped " + kind.kind() + " is outside the platform's namespace " + target.namespace());
        return false;
      }
      if (Kinds.BUILT_IN.contains(kind) || allowedByMap()) {
        return true;
      }
      violation(
          "kind "
              + Echo.bare(kind.toString())
              + " is not allowed: a platform may create the built-in namespaced kinds and the custom resources"
              + " its allowedKind names in lanes.config");
      return false;
    }

    private boolean allowedByMap() {
      return !Kinds.isKubernetesGroup(kind.group())
          && target.platform().allowedKinds().stream().map(GroupKind::parse).anyMatch(kind::equals);
    }

    /** The platform's Namespace may not enforce a Pod Security level below baseline, nor pin an older version. */
    private void podSecurityLabels() {
      Map<String, Object> labels = PlainData.map(PlainData.at(object.content(), "metadata", "labels"));
      if (labels.containsKey(POD_SECURITY_ENFORCE)) {
        String level = PlainData.string(labels.get(POD_SECURITY_ENFORCE));
        if (level == null || !ENFORCE_LEVELS.contains(level)) {
          violation(
              "label "
                  + POD_SECURITY_ENFORCE
                  + "="
                  + quote(String.valueOf(level))
                  + " weakens Pod Security below baseline (allowed: baseline, restricted)");
        }
      }
      if (labels.containsKey(POD_SECURITY_ENFORCE_VERSION)
          && !"latest".equals(labels.get(POD_SECURITY_ENFORCE_VERSION))) {
        violation(
            "label "
                + POD_SECURITY_ENFORCE_VERSION
                + "="
                + quote(String.valueOf(PlainData.string(labels.get(POD_SECURITY_ENFORCE_VERSION))))
                + " pins older Pod Security rules (allowed: latest)");
      }
    }

    /**
     * A RoleBinding may bind a Role or a bindable ClusterRole, and only subjects of the platform: its own service
     * accounts, and users and groups outside Kubernetes' {@code system:} names (which reach every service account,
     * every authenticated user, or anonymous requests).
     */
    private void roleBinding() {
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
      for (Object item : PlainData.list(object.content().get("subjects"))) {
        Map<String, Object> subject = PlainData.map(item);
        String subjectKind = String.valueOf(subject.get("kind"));
        String name = String.valueOf(subject.get("name"));
        if (subjectKind.equals("ServiceAccount")) {
          String namespace = PlainData.string(subject.get("namespace"));
          if (namespace != null && !namespace.equals(target.namespace())) {
            violation(
                "binds ServiceAccount "
                    + quote(name)
                    + " of namespace "
                    + quote(namespace)
                    + ": only the platform's own service accounts may be bound");
          }
        } else if (name.startsWith("system:") && !ownSystemSubject(name)) {
          violation(
              "binds "
                  + subjectKind
                  + " "
                  + quote(name)
                  + ", which reaches beyond the platform (only its own service accounts and named users and groups)");
        }
      }
    }

    /** {@code system:serviceaccount:<ns>:<name>} or {@code system:serviceaccounts:<ns>} of the platform. */
    private boolean ownSystemSubject(String name) {
      return name.startsWith("system:serviceaccount:" + target.namespace() + ":")
          || name.equals("system:serviceaccounts:" + target.namespace());
    }

    /** A Role may not grant the verbs that hand out rights, spelled out or through {@code *} on RBAC objects. */
    private void role() {
      for (Object item : PlainData.list(object.content().get("rules"))) {
        Map<String, Object> rule = PlainData.map(item);
        List<String> verbs = strings(rule.get("verbs"));
        List<String> groups = strings(rule.get("apiGroups"));
        for (String verb : verbs) {
          if (GRANTING_VERBS.contains(verb)) {
            violation("grants " + quote(verb) + ", which hands out rights the lane policy reviews");
          }
        }
        if (verbs.contains("*") && (groups.contains("*") || groups.contains(RBAC_GROUP) || groups.contains(""))) {
          violation(
              "grants \"*\" on API groups "
                  + Echo.quote(String.join(",", groups))
                  + ", which includes escalate, bind or impersonate");
        }
      }
    }

    /**
     * A Service may not claim external IPs (any node would send traffic for them to it: CVE-2020-8554), nor be an
     * ExternalName for another namespace's Service.
     */
    private void service() {
      Map<String, Object> spec = PlainData.map(object.content().get("spec"));
      Object externalIps = spec.get("externalIPs");
      if (externalIps != null && !(externalIps instanceof List<?> list && list.isEmpty())) {
        violation(
            "sets externalIPs "
                + Echo.bare(String.valueOf(externalIps))
                + ": traffic to those addresses anywhere in the cluster would reach this Service");
      }
      String externalName = PlainData.string(spec.get("externalName"));
      if (externalName != null) {
        String[] labels = externalName.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "").split("\\.");
        if (labels.length >= 3 && labels[2].equals("svc") && !labels[1].equals(target.namespace())) {
          violation(
              "externalName "
                  + quote(externalName)
                  + " points at namespace "
                  + quote(labels[1])
                  + ", outside the platform's namespace "
                  + target.namespace());
        }
      }
    }

    /** A claim may not take a PersistentVolume by name, nor copy data from another namespace. */
    private void claim() {
      Map<String, Object> spec = PlainData.map(object.content().get("spec"));
      String volume = PlainData.string(spec.get("volumeName"));
      if (volume != null && !volume.isEmpty()) {
        violation(
            "claims PersistentVolume "
                + quote(volume)
                + " by name: a platform's volumes come from its StorageClass, never from an existing volume");
      }
      for (String field : List.of("dataSource", "dataSourceRef")) {
        String namespace = PlainData.string(PlainData.map(spec.get(field)).get("namespace"));
        if (namespace != null && !namespace.equals(target.namespace())) {
          violation(field + " reads from namespace " + quote(namespace) + ", outside the platform's namespace");
        }
      }
    }

    private void pods() {
      Map<String, Object> spec = PodSpecs.of(object.kind(), object.content());
      if (spec.isEmpty()) {
        return;
      }
      for (String field : HOST_NAMESPACE_FIELDS) {
        flag(spec.get(field), field, field + " shares the node's namespaces");
      }
      Map<String, Object> podSecurity = PlainData.map(spec.get("securityContext"));
      securityContext(podSecurity, "the pod");
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
      if (image != null) {
        imageProblem(image, false)
            .ifPresent(problem -> violation("container " + name + " image " + quote(image) + problem));
      }
      Map<String, Object> security = PlainData.map(container.get("securityContext"));
      flag(security.get("privileged"), "container " + name + " privileged", "container " + name + " is privileged");
      flag(
          security.get("allowPrivilegeEscalation"),
          "container " + name + " allowPrivilegeEscalation",
          "container " + name + " allows privilege escalation");
      securityContext(security, "container " + name);
      Object added = PlainData.at(security, "capabilities", "add");
      if (added != null && !(added instanceof List)) {
        violation("container " + name + " capabilities.add is not a list of capability names");
      }
      for (Object capability : PlainData.list(added)) {
        if (!(capability instanceof String text)) {
          violation("container " + name + " adds a capability that is not a name: " + quote(String.valueOf(capability)));
          continue;
        }
        String cap = text.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        if (!BASELINE_CAPABILITIES.contains(cap)) {
          violation("container " + name + " adds capability " + Echo.bare(cap));
        }
      }
    }

    /** The fields of a pod's or a container's securityContext that the baseline Pod Security level forbids. */
    private void securityContext(Map<String, Object> security, String who) {
      flag(
          PlainData.at(security, "windowsOptions", "hostProcess"),
          who + " windowsOptions.hostProcess",
          who + " runs as a host process");
      String seccomp = PlainData.string(PlainData.at(security, "seccompProfile", "type"));
      if (seccomp != null && seccomp.equalsIgnoreCase("Unconfined")) {
        violation(who + " runs without a seccomp profile (Unconfined)");
      }
      String procMount = PlainData.string(security.get("procMount"));
      if (procMount != null && !procMount.equals("Default")) {
        violation(who + " mounts /proc " + quote(procMount) + " (only Default keeps the node's /proc masked)");
      }
    }

    /**
     * A security switch: only a real {@code false}, or no value, is off. {@code true} is {@code onReason}; anything
     * else (the string {@code "yes"}, a number) is refused too, since a YAML 1.1 reader may take it as true.
     */
    private void flag(Object value, String field, String onReason) {
      if (value == null || Boolean.FALSE.equals(value)) {
        return;
      }
      if (Boolean.TRUE.equals(value)) {
        violation(onReason);
        return;
      }
      violation(
          field
              + " is "
              + quote(String.valueOf(value))
              + ", not a boolean: YAML 1.1 readers such as kubectl's may read it as true (write true or false)");
    }

    private void kustomization() {
      String namespace = PlainData.string(object.content().get("namespace"));
      if (namespace != null && !namespace.equals(target.namespace())) {
        violation("namespace " + quote(namespace) + " is not the platform's namespace " + target.namespace());
      }
      for (Object item : PlainData.list(object.content().get("images"))) {
        String newName = PlainData.string(PlainData.map(item).get("newName"));
        if (newName != null) {
          imageProblem(newName, true).ifPresent(problem -> violation("image " + quote(newName) + problem));
        }
      }
    }

    /**
     * Why {@code image} may not run here, if it may not: an image is allowed when its qualified reference ({@link
     * ImageReference}: {@code redis:7} is {@code docker.io/library/redis:7}) lies below the platform's prefix or
     * starts with one of its {@code allowedImage} prefixes. Text outside the reference grammar is refused: no runtime
     * pulls it.
     *
     * @param nameOnly the image is a repository without tag or digest (a Kustomization's {@code newName}): it is
     *     matched as {@code <name>:}, so that a prefix {@code docker.io/library/redis:} allows it
     */
    private Optional<String> imageProblem(String image, boolean nameOnly) {
      ImageReference reference;
      try {
        reference = ImageReference.parse(image.trim());
      } catch (IllegalArgumentException e) {
        return Optional.of(" is " + e.getMessage());
      }
      String qualified = nameOnly ? reference.name() + ":" : reference.toString();
      if (reference.isBelow(target.imagePrefix())
          || target.platform().allowedImages().stream().anyMatch(qualified::startsWith)) {
        return Optional.empty();
      }
      return Optional.of(" is not allowed " + allowedImages());
    }

    private String allowedImages() {
      List<String> allowed = new ArrayList<>();
      allowed.add(target.imagePrefix() + "/");
      allowed.addAll(target.platform().allowedImages());
      return "(allowed: " + String.join(", ", allowed) + ")";
    }

    private void violation(String reason) {
      violations.add(LanePolicy.violation(object, reason));
    }
  }

  private static List<String> strings(Object value) {
    return PlainData.list(value).stream().map(String::valueOf).toList();
  }

  private static String quote(String value) {
    return Echo.quote(value);
  }
}
