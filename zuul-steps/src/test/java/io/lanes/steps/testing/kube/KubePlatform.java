package io.lanes.steps.testing.kube;

import io.lanes.steps.StepRun;
import io.lanes.steps.testing.TutorRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample platform acme in this test's namespace of the real control plane ({@link KubeCluster}): its Tutor root
 * and platform map, the namespaced identity's kubeconfig, and the command lines the tests that deploy it share.
 */
public final class KubePlatform {
  /** The platform's Tutor root and map, its namespace the test's own. */
  public final TutorRoot tutor;

  /** The kubeconfig of the namespaced ServiceAccount the steps run as. */
  public final Path kubeconfig;

  private final KubeCluster kube;

  /** Creates the Tutor root under {@code dir}/platform for {@code kube}'s namespace. */
  public KubePlatform(KubeCluster kube, Path dir) {
    this.kube = kube;
    this.tutor = TutorRoot.create(dir.resolve("platform"), kube.namespace());
    this.kubeconfig = kube.kubeconfig();
  }

  /**
   * The arguments every deploy or rollback of acme in these tests starts with: {@code root}'s map and Tutor root,
   * {@code identity}'s kubeconfig, the lock holder, quick polls. The caller adds the rest.
   */
  public List<String> deployArgs(TutorRoot root, Path identity, String step, String holder) {
    return new ArrayList<>(List.of(
        step, "--config", root.config, "--platform", "acme", "--tutor-root", root.root.toString(),
        "--kubeconfig", identity.toString(), "--holder", holder, "--poll-interval", "200"));
  }

  /** Runs zuul-steps with {@code args}, the control plane's kubectl on PATH. */
  public StepRun run(List<String> args) {
    return StepRun.withEnvironment(Map.of("PATH", kube.path()), args.toArray(String[]::new));
  }
}
