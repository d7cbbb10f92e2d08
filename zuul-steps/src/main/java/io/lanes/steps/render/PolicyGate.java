package io.lanes.steps.render;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Target;
import io.lanes.core.policy.KubeManifestObject;
import io.lanes.core.policy.LanePolicy;
import io.lanes.core.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the lane policy of {@code lanes-core} (the same functions the Gerrit plugin runs at review) on the rendered
 * objects, after render has put them into the lane. The fabric8 objects become the policy's plain view here, at the
 * step's edge.
 */
public final class PolicyGate {
  private final KubernetesSerialization serialization;

  /** A gate converting objects with {@code serialization}. */
  public PolicyGate(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** Every violation, in object order, each located at its object's source file and line. */
  public List<Violation> check(Target target, List<RenderedObject> objects) {
    List<KubeManifestObject> view = new ArrayList<>(objects.size());
    for (RenderedObject object : objects) {
      @SuppressWarnings("unchecked")
      Map<String, Object> content = serialization.convertValue(object.resource(), Map.class);
      view.add(
          new KubeManifestObject(
              object.resource().getApiVersion(),
              object.kind(),
              Optional.ofNullable(object.namespace()),
              object.name(),
              object.file(),
              object.line(),
              content));
    }
    return LanePolicy.check(target, view);
  }
}
