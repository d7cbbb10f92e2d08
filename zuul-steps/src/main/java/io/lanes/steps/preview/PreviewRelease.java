package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.policy.Violation;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.render.InitJob;
import io.lanes.steps.render.PolicyGate;
import io.lanes.steps.render.RenderedObject;
import java.util.List;

/**
 * A change's release as its preview runs it: the release render made for the platform's own lane (so a change that
 * breaks the lane gets no preview), with the {@link PreviewOverrides}, checked again by the lane policy against the
 * preview's namespace. Pure.
 */
final class PreviewRelease {
  private final KubernetesSerialization serialization;
  private final PreviewOverrides overrides;

  PreviewRelease(KubernetesSerialization serialization) {
    this.serialization = serialization;
    this.overrides = new PreviewOverrides(serialization);
  }

  /**
   * The preview of {@code rendered} in {@code lane}.
   *
   * @throws StepException exit 3 when the preview's objects break the lane policy in the preview's namespace
   */
  DesiredRelease of(DesiredRelease rendered, PreviewLane lane) {
    List<GenericKubernetesResource> objects = overrides.apply(rendered.objects(), lane);
    List<Violation> violations =
        new PolicyGate(serialization)
            .check(lane.previewTarget(), objects.stream().map(o -> new RenderedObject(o, LanesConfig.FILE_NAME, 1)).toList());
    if (!violations.isEmpty()) {
      throw StepException.policy(
          "the preview of change " + lane.change() + " breaks the lane policy in " + lane.namespace() + ":\n"
              + String.join("\n", violations.stream().map(Violation::toString).toList()));
    }
    List<InitJob> initJobs = rendered.initJobs().stream()
        .map(job -> new InitJob(job.task(), overrides.apply(List.of(job.job()), lane).get(0), job.key()))
        .toList();
    return DesiredRelease.of(rendered.commit(), rendered.imageTag(), rendered.images(), objects, initJobs);
  }
}
