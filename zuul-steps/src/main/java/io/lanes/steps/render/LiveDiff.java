package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.kube.ObjectKind;
import io.lanes.steps.tutor.JobTemplates;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares rendered objects with the live namespace, object by object, as the API server sees them: an object that
 * is not live is added; one that is live is applied server-side as a dry run and the result compared with the live
 * object (so server-set defaults cancel out); live objects with the platform's Lanes labels that are no longer
 * rendered would be pruned.
 */
final class LiveDiff {
  /** How often progress is reported, in objects. */
  static final int PROGRESS_EVERY = 100;

  private final KubeApi api;
  private final KubernetesSerialization serialization;
  private final ManifestYaml yaml;
  private final PrintWriter log;
  private final boolean tutorProject;

  LiveDiff(KubeApi api, KubernetesSerialization serialization, PrintWriter log, boolean tutorProject) {
    this.api = api;
    this.serialization = serialization;
    this.yaml = new ManifestYaml(serialization);
    this.log = log;
    this.tutorProject = tutorProject;
  }

  /**
   * {@code objects} compared with {@code platform}'s live namespace on {@code client}; without a cluster, each is
   * merely rendered (and the log says the namespace was not compared). In a Tutor project ({@code tutorProject}),
   * Tutor's Job templates are templates, not compared: deploy never applies them.
   */
  static List<PreviewChange> compare(
      Optional<KubernetesClient> client, List<RenderedObject> objects, Platform platform,
      KubernetesSerialization serialization, PrintWriter log, boolean tutorProject) {
    if (client.isEmpty()) {
      log.println("render: no cluster given (--kubeconfig or --in-cluster): not compared with the live namespace");
      return objects.stream()
          .map(o -> new PreviewChange(PreviewChange.State.RENDERED, o.kind(), o.name(), o.file(), o.line(), o.isSecret(), List.of(), List.of()))
          .toList();
    }
    try (KubeApi api = new KubeApi(client.get())) {
      log.printf("render: comparing %d objects with namespace %s on %s%n", objects.size(), platform.namespace(), api.server());
      return new LiveDiff(api, serialization, log, tutorProject).compare(objects, platform);
    }
  }

  /** One change per rendered object, in render order, then the pruned objects. */
  List<PreviewChange> compare(List<RenderedObject> objects, Platform platform) {
    api.checkServed(objects.stream().map(RenderedObject::resource).toList(), platform.namespace());
    List<PreviewChange> changes = new ArrayList<>();
    Set<String> rendered = new HashSet<>();
    Set<ObjectKind> kinds = new LinkedHashSet<>(ObjectKind.MANAGED);
    int done = 0;
    for (RenderedObject object : objects) {
      rendered.add(key(object.resource()));
      if (object.namespace() != null) {
        kinds.add(new ObjectKind(object.resource().getApiVersion(), object.kind()));
      }
      changes.add(compare(object));
      done++;
      if (done % PROGRESS_EVERY == 0 && done < objects.size()) {
        log.printf("render: compared %d of %d objects with %s%n", done, objects.size(), api.server());
        log.flush();
      }
    }
    Map<String, String> selector =
        Map.of(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY, LaneNames.LABEL_PLATFORM, platform.name());
    for (GenericKubernetesResource live : api.list(platform.namespace(), selector, kinds)) {
      if (!rendered.contains(key(live))) {
        boolean secret = "Secret".equals(live.getKind());
        changes.add(
            new PreviewChange(
                PreviewChange.State.PRUNED, live.getKind(), live.getMetadata().getName(), null, 0, secret,
                List.of(), List.of()));
      }
    }
    return changes;
  }

  private PreviewChange compare(RenderedObject object) {
    if (tutorProject && JobTemplates.is(object.kind(), object.resource().getMetadata().getLabels())) {
      return change(object, PreviewChange.State.TEMPLATE, List.of(), List.of());
    }
    Optional<GenericKubernetesResource> live = api.get(object.resource());
    if (live.isEmpty()) {
      List<String> diff = object.isSecret() ? List.of() : UnifiedDiff.of("", yaml.text(object.resource()));
      return change(object, PreviewChange.State.ADDED, diff, List.of());
    }
    // Exactly what deploy would apply: the object with its digest annotation (a field Lanes owns once deployed).
    GenericKubernetesResource desired = serialization.clone(object.resource());
    ObjectDigest.annotate(desired);
    GenericKubernetesResource applied = api.dryRunApply(desired);
    Map<String, Object> before = ManifestNormalizer.normalize(asMap(live.get()));
    Map<String, Object> after = ManifestNormalizer.normalize(asMap(applied));
    if (before.equals(after)) {
      return change(object, PreviewChange.State.UNCHANGED, List.of(), List.of());
    }
    if (object.isSecret()) {
      return change(object, PreviewChange.State.CHANGED, List.of(), List.of());
    }
    return change(
        object,
        PreviewChange.State.CHANGED,
        UnifiedDiff.of(yaml.text(before), yaml.text(after)),
        NotableChanges.between(object.kind(), before, after).stream()
            .map(note -> new PreviewChange.Note(note.text(), object.lineOf(note.field())))
            .toList());
  }

  private static PreviewChange change(
      RenderedObject object, PreviewChange.State state, List<String> diff, List<PreviewChange.Note> notable) {
    return new PreviewChange(
        state, object.kind(), object.name(), object.file(), object.line(), object.isSecret(), diff, notable);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(GenericKubernetesResource resource) {
    return serialization.convertValue(resource, Map.class);
  }

  private static String key(GenericKubernetesResource resource) {
    String apiVersion = resource.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return group + "/" + resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/"
        + resource.getMetadata().getName();
  }
}
