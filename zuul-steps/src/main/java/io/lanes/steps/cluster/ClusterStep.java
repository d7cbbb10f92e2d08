package io.lanes.steps.cluster;

import io.lanes.steps.StepException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code zuul-steps cluster}: Magnum cluster templates and clusters from a spec, their kubeconfig and storage. */
@Command(
    name = "cluster",
    description = "Make a Magnum cluster match its spec: plan, apply, kubeconfig, storage.",
    subcommands = {ClusterPlanStep.class, ClusterApplyStep.class, ClusterKubeconfigStep.class,
        ClusterStorageStep.class})
public final class ClusterStep implements Callable<Integer> {
  @Override
  public Integer call() {
    throw StepException.configuration("cluster: give a subcommand: plan, apply, kubeconfig or storage");
  }
}
