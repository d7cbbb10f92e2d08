package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeErrors;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The preview namespaces of one platform on its cluster: created labelled (platform, change, patch set) with their
 * quota, listed by label, deleted and waited for. Touches only namespaces labelled {@code lanes.io/preview-of=<the
 * platform>}; never the platform's own namespace.
 */
final class PreviewNamespaces {
  /** Who writes the namespaces and quota objects (server-side apply's field manager). */
  static final String FIELD_MANAGER = "lanes-preview";

  private final KubernetesClient client;
  private final Platform platform;
  private final Clock clock;
  private final PrintWriter log;

  PreviewNamespaces(KubernetesClient client, Platform platform, Clock clock, PrintWriter log) {
    this.client = client;
    this.platform = platform;
    this.clock = clock;
    this.log = log;
  }

  /** One live preview. */
  record Live(String namespace, int change, int patchset, String owner, Instant updated, boolean terminating) {
    Duration age(Instant now) {
      return Duration.between(updated, now);
    }
  }

  /**
   * Creates {@code lane}'s namespace, or updates its labels for {@code patchset}, and applies its quota objects. A
   * namespace of that name that is not this change's preview of this platform is refused, untouched.
   */
  void ensure(PreviewLane lane, int patchset, String owner) {
    String name = lane.namespace();
    if (name.equals(platform.namespace())) {
      throw StepException.configuration("preview namespace " + name + " is the platform's own namespace");
    }
    Namespace existing = get(name);
    if (existing != null) {
      Map<String, String> labels = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
      if (!platform.name().equals(labels.get(PreviewLane.LABEL_PREVIEW_OF))
          || !Integer.toString(lane.change()).equals(labels.get(PreviewLane.LABEL_CHANGE))) {
        throw StepException.configuration(
            "namespace " + name + " exists but is not the preview of change " + lane.change() + " of platform "
                + platform.name() + " (labels " + PreviewLane.LABEL_PREVIEW_OF + ", " + PreviewLane.LABEL_CHANGE
                + "): left untouched");
      }
      if (existing.getMetadata().getDeletionTimestamp() != null) {
        throw StepException.failure("namespace " + name + " is being deleted: run preview up again once it is gone", null);
      }
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(PreviewLane.ANNOTATION_OWNER, owner);
    annotations.put(PreviewLane.ANNOTATION_UPDATED, clock.instant().toString());
    Namespace namespace = new NamespaceBuilder()
        .withNewMetadata().withName(name).withLabels(lane.namespaceLabels(patchset)).withAnnotations(annotations)
        .endMetadata()
        .build();
    apply(namespace, name);
    apply(binding(lane), name);
    log.printf("preview: namespace %s %s (change %d, patch set %d)%n", name, existing == null ? "created" : "updated",
        lane.change(), patchset);
    for (HasMetadata object : PreviewQuota.objects(lane)) {
      applyOnceBound(object, name);
    }
    log.printf("preview: quota %s: cpu %s, memory %s, %d objects of each kind%n", PreviewQuota.NAME,
        lane.settings().cpu(), lane.settings().memory(), lane.settings().objects());
  }

  /** The platform's previews, by change. */
  List<Live> list() {
    List<Namespace> namespaces;
    try {
      namespaces = client.namespaces()
          .withLabel(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
          .withLabel(PreviewLane.LABEL_PREVIEW_OF, platform.name())
          .list().getItems();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot list the preview namespaces of " + platform.name() + ": " + KubeErrors.reason(e), e);
    }
    return namespaces.stream()
        .filter(n -> !n.getMetadata().getName().equals(platform.namespace()))
        .map(this::live)
        .sorted(Comparator.comparingInt(Live::change))
        .toList();
  }

  /**
   * Deletes preview namespace {@code name} (everything in it goes with it) and waits until the server has removed
   * it; false when there was none. Refuses a namespace that is not one of the platform's previews.
   */
  boolean delete(String name, Duration wait, Duration poll) {
    Namespace existing = get(name);
    if (existing == null) {
      return false;
    }
    Map<String, String> labels = Optional.ofNullable(existing.getMetadata().getLabels()).orElse(Map.of());
    if (name.equals(platform.namespace()) || !platform.name().equals(labels.get(PreviewLane.LABEL_PREVIEW_OF))) {
      throw StepException.configuration(
          "namespace " + name + " is not a preview of platform " + platform.name() + ": left untouched");
    }
    try {
      client.namespaces().withName(name).delete();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot delete namespace " + name + ": " + KubeErrors.reason(e), e);
    }
    log.printf("preview: deleting namespace %s%n", name);
    Instant deadline = clock.instant().plus(wait);
    while (get(name) != null) {
      if (clock.instant().isAfter(deadline)) {
        throw StepException.failure("namespace " + name + " still exists " + wait.toSeconds() + " s after its deletion", null);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StepException.failure("interrupted while waiting for namespace " + name + " to go", e);
      }
    }
    log.printf("preview: namespace %s is gone%n", name);
    return true;
  }

  private Live live(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    Map<String, String> annotations = Optional.ofNullable(namespace.getMetadata().getAnnotations()).orElse(Map.of());
    Instant updated;
    try {
      updated = Instant.parse(annotations.getOrDefault(
          PreviewLane.ANNOTATION_UPDATED, namespace.getMetadata().getCreationTimestamp()));
    } catch (DateTimeParseException | NullPointerException e) {
      updated = Instant.EPOCH; // unreadable: counts as expired, as the oldest
    }
    return new Live(
        namespace.getMetadata().getName(),
        number(labels.get(PreviewLane.LABEL_CHANGE)),
        number(labels.get(PreviewLane.LABEL_PATCHSET)),
        annotations.getOrDefault(PreviewLane.ANNOTATION_OWNER, "unknown"),
        updated,
        namespace.getMetadata().getDeletionTimestamp() != null);
  }

  private static int number(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Namespace get(String name) {
    try {
      return client.namespaces().withName(name).get();
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot read namespace " + name + ": " + KubeErrors.reason(e), e);
    }
  }

  /**
   * The RoleBinding that gives this step's own identity (the platform's preview ServiceAccount, see {@link
   * PreviewAccess}) every right in the preview's namespace, and only there.
   */
  private HasMetadata binding(PreviewLane lane) {
    String user = whoAmI();
    String prefix = "system:serviceaccount:";
    RoleBindingBuilder binding = new RoleBindingBuilder()
        .withNewMetadata().withName(PreviewAccess.BINDING).withNamespace(lane.namespace()).withLabels(lane.quotaLabels())
        .endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(PreviewAccess.editRole(platform)).endRoleRef();
    if (user.startsWith(prefix) && user.substring(prefix.length()).contains(":")) {
      String[] parts = user.substring(prefix.length()).split(":", 2);
      binding.addNewSubject().withKind("ServiceAccount").withNamespace(parts[0]).withName(parts[1]).endSubject();
    } else {
      binding.addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject();
    }
    return binding.build();
  }

  /** The user name this step authenticates as (a SelfSubjectReview: every authenticated identity may ask). */
  private String whoAmI() {
    GenericKubernetesResource review = new GenericKubernetesResource();
    review.setApiVersion("authentication.k8s.io/v1");
    review.setKind("SelfSubjectReview");
    review.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    try {
      GenericKubernetesResource answer =
          client.genericKubernetesResources("authentication.k8s.io/v1", "SelfSubjectReview").resource(review).create();
      Object status = answer.getAdditionalProperties().get("status");
      if (status instanceof Map<?, ?> s && s.get("userInfo") instanceof Map<?, ?> info
          && info.get("username") instanceof String name) {
        return name;
      }
      throw StepException.failure("the API server's SelfSubjectReview named no user", null);
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot learn who this step runs as (SelfSubjectReview): " + KubeErrors.reason(e), e);
    }
  }

  /**
   * Applies an object in a preview namespace just bound: the API server's authorizer learns of the new RoleBinding
   * from a watch, so a 403 in the first seconds is retried.
   */
  private void applyOnceBound(HasMetadata object, String namespace) {
    Instant deadline = clock.instant().plusSeconds(10);
    while (true) {
      try {
        client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 || clock.instant().isAfter(deadline)) {
          throw StepException.failure(
              "cannot apply " + object.getKind() + "/" + object.getMetadata().getName() + " for preview " + namespace
                  + ": " + KubeErrors.reason(e),
              e);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StepException.failure("interrupted", e);
      }
    }
  }

  private void apply(HasMetadata object, String namespace) {
    try {
      client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "cannot apply " + object.getKind() + "/" + object.getMetadata().getName() + " for preview " + namespace + ": "
              + KubeErrors.reason(e),
          e);
    }
  }
}
