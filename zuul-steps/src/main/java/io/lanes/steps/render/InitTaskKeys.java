package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.steps.tutor.InitTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The keys deploy will record for a Tutor project's init tasks ({@link InitJob#key()}), computed by deploy's own code
 * ({@link InitJobs#build}) from render's Job templates, so that render can say which tasks deploy runs again. Two
 * parts of a task's Job are only known when deploy runs: the images it runs in (deploy's image tag and the digests
 * promote returned, {@link ImagePins}) and its deadline (deploy's {@code --rollout-timeout}). Render takes the live
 * release's images (the tag and digests its record holds) and the default deadline ({@link
 * InitJobs#DEFAULT_DEADLINE}): a key then differs from the live release's exactly when something else of the task's
 * Job changed (its script, its template: env, volumes, command, its service). Pure.
 */
public final class InitTaskKeys {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private InitTaskKeys() {}

  /**
   * The keys of {@code tasks} as deploy would record them with the live release's images.
   *
   * @param objects render's objects (Tutor's Job templates among them), untouched
   * @param platform the platform
   * @param imageTag the tag render gave the platform's own images
   * @param liveTag the image tag of the live release
   * @param liveImages the digests the live release pinned its images to, by image name (may be empty)
   * @return {@link InitJob#recordName()} to {@link InitJob#key()}, as a release record holds them
   * @throws io.lanes.steps.StepException exit 2 naming the task when the env defines no Job template for its service
   *     (deploy refuses it the same way)
   */
  public static SortedMap<String, String> of(
      List<GenericKubernetesResource> objects,
      List<InitTask> tasks,
      Platform platform,
      String imageTag,
      String liveTag,
      Map<String, String> liveImages) {
    List<GenericKubernetesResource> templates = new ArrayList<>();
    InitJobs.templates(objects).values().forEach(template -> templates.add(SERIALIZATION.clone(template)));
    LaneRewrite.retag(templates, platform, imageTag, liveTag);
    ImagePins.apply(templates, platform, liveImages);
    SortedMap<String, String> keys = new TreeMap<>();
    for (InitJob job : InitJobs.build(templates, tasks, platform.name(), InitJobs.DEFAULT_DEADLINE)) {
      keys.put(job.recordName(), job.key());
    }
    return keys;
  }
}
