package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Target;
import java.util.List;

/**
 * Work done while kustomize runs: kustomize keeps one core busy and the JVM would otherwise load and compile the
 * parser, the serializer and the policy only after it returns. Parsing, rewriting, checking and writing one small
 * object here, meanwhile, moves that start-up cost off the critical path. Its result is thrown away; any failure is ignored.
 */
final class WarmUp {
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: warm-up
      spec:
        replicas: 1
        template:
          spec:
            containers:
              - name: warm-up
                image: warm-up
                resources: {limits: {cpu: "1"}}
      """;

  private WarmUp() {}

  static void run(KubernetesSerialization serialization, Target target) {
    try {
      for (int i = 0; i < 20; i++) {
        GenericKubernetesResource resource = serialization.unmarshal(DEPLOYMENT, GenericKubernetesResource.class);
        List<RenderedObject> objects = List.of(new RenderedObject(resource, "k8s/deployments.yml", 1));
        new LaneRewrite(serialization, target.platform(), "warm-up", "warm-up").apply(objects);
        new PolicyGate(serialization).check(target, objects);
        Findings.of(objects);
        new ManifestYaml(serialization).text(resource);
      }
    } catch (RuntimeException e) {
      // warming up is an optimisation only
    }
  }
}
