package io.lanes.steps.deploy.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.ObjectChange;
import io.lanes.steps.deploy.Phase;
import io.lanes.steps.deploy.PhaseApplier;
import io.lanes.steps.testing.kube.KubeApiDouble;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (docs/steps/deploy.md): applies a 500-object release against the Kubernetes API test double one object
 * at a time and with deploy's parallelism (8), and re-applies it unchanged, counting writes. Run with {@code mvn -B
 * -pl zuul-steps -am verify -Pbench -DskipTests}.
 */
public final class DeployApplyBench {
  static final int OBJECTS = 500;
  static final int ROUNDS = 3;

  private DeployApplyBench() {}

  public static void main(String[] args) throws Exception {
    KubeApiDouble kube = new KubeApiDouble();
    kube.beforeEach(null);
    try {
      PrintWriter quiet = new PrintWriter(new StringWriter());
      long sequential = Long.MAX_VALUE;
      long parallel = Long.MAX_VALUE;
      int round = 0;
      apply(kube, "warm-up", 8, quiet);
      for (int i = 0; i < ROUNDS; i++) {
        sequential = Math.min(sequential, apply(kube, "seq-" + round, 1, quiet));
        parallel = Math.min(parallel, apply(kube, "par-" + round, 8, quiet));
        round++;
      }
      int before = kube.writes().size();
      List<ObjectChange> again = applyChanges(kube, "par-0", 8, quiet);
      int writes = kube.writes().size() - before;
      long unchanged = again.stream().filter(c -> c.action() == ObjectChange.Action.UNCHANGED).count();
      System.out.printf("deploy apply bench: %d objects, best of %d%n", OBJECTS, ROUNDS);
      System.out.printf("  sequential (parallelism 1): %d ms%n", sequential);
      System.out.printf("  parallel   (parallelism 8): %d ms%n", parallel);
      System.out.printf("  ratio parallel/sequential: %.2f (target <= 0.5)%n", (double) parallel / sequential);
      System.out.printf("  unchanged re-apply: %d writes, %d of %d objects unchanged (target: 0 writes)%n", writes, unchanged, OBJECTS);
    } finally {
      kube.afterEach(null);
    }
  }

  private static long apply(KubeApiDouble kube, String namespace, int parallelism, PrintWriter log) {
    long start = System.nanoTime();
    applyChanges(kube, namespace, parallelism, log);
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static List<ObjectChange> applyChanges(KubeApiDouble kube, String namespace, int parallelism, PrintWriter log) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (int i = 0; i < OBJECTS; i++) {
      objects.add(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
          .withNewMetadata().withName("config-" + i).withNamespace(namespace)
          .withLabels(Map.of("app.kubernetes.io/managed-by", "lanes", "lanes.io/platform", "bench")).endMetadata()
          .addToAdditionalProperties("data", Map.of("settings.py", "VALUE_" + i + " = '" + "x".repeat(512) + "'"))
          .build());
    }
    DesiredRelease release = DesiredRelease.of("bench", "bench", Map.of(), objects);
    try (PhaseApplier applier = new PhaseApplier(kube.client(), false, parallelism, log)) {
      return applier.apply(Phase.CONFIG, release.objects());
    }
  }
}
