package io.lanes.steps.preview;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PreviewSettings;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One change's preview of a platform: its namespace and host from the map's {@code [preview]} settings, the labels
 * that tie the namespace to the platform and the change, and the target deploy works on (the platform with the
 * preview's namespace and no backup). Pure.
 *
 * @param platform the platform previewed
 * @param settings its preview settings
 * @param change the Gerrit change
 * @param target where the platform itself deploys
 */
public record PreviewLane(Platform platform, PreviewSettings settings, int change, Target target) {
  /** Label on a preview namespace (and its quota objects): the platform it previews. */
  public static final String LABEL_PREVIEW_OF = "lanes.io/preview-of";

  /** Label on a preview namespace: the change it previews. */
  public static final String LABEL_CHANGE = "lanes.io/change";

  /** Label on a preview namespace: the patch set it runs now. */
  public static final String LABEL_PATCHSET = "lanes.io/patchset";

  /** Annotation on a preview namespace: who owns the change (for {@code preview list}). */
  public static final String ANNOTATION_OWNER = "lanes.io/preview-owner";

  /** Annotation on a preview namespace: when it was last brought up, an ISO-8601 instant; its TTL counts from here. */
  public static final String ANNOTATION_UPDATED = "lanes.io/preview-updated";

  /** The preview's namespace. */
  public String namespace() {
    return settings.namespace(platform, change);
  }

  /** The preview's LMS host. */
  public String host() {
    return settings.host(platform, change);
  }

  /** Where reviewers open the preview. */
  public String url() {
    return "https://" + host() + "/";
  }

  /**
   * What deploy works on: the platform with the preview's namespace, on the platform's cluster, without its backup (a
   * preview has no backup CronJob).
   */
  public Target previewTarget() {
    Platform p = platform;
    Platform moved = new Platform(
        p.name(), p.branch(), namespace(), p.cluster(), p.registry(), p.ownerGroup(), p.isProtected(), p.freezes(),
        p.allowedImages(), Optional.empty(), p.allowedKinds());
    return new Target(moved, target.cluster(), Optional.empty());
  }

  /** The platform's own target without its backup: what the change renders against first. */
  public Target renderTarget() {
    return new Target(platform, target.cluster(), Optional.empty());
  }

  /** The labels of the preview's namespace for {@code patchset}. */
  public Map<String, String> namespaceLabels(int patchset) {
    Map<String, String> labels = new LinkedHashMap<>(quotaLabels());
    labels.put(LABEL_CHANGE, Integer.toString(change));
    labels.put(LABEL_PATCHSET, Integer.toString(patchset));
    return labels;
  }

  /** The labels of the objects Lanes adds to a preview besides the platform's (quota, limits, RBAC). */
  public Map<String, String> quotaLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY);
    labels.put(LABEL_PREVIEW_OF, platform.name());
    return labels;
  }
}
