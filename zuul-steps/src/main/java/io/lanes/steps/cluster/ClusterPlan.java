package io.lanes.steps.cluster;

import io.lanes.steps.openstack.MagnumCluster;
import io.lanes.steps.openstack.MagnumTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cluster apply} would do to make Magnum match a spec, computed by {@link ClusterPlanner} without I/O.
 *
 * @param spec the spec
 * @param template the template as Magnum has it, if it exists
 * @param createTemplate whether the template is missing and would be created
 * @param clusterAction what would happen to the cluster
 * @param observed the cluster as Magnum has it, if it exists
 * @param conflicts spec changes Magnum cannot make in place (exit 2, nothing written)
 * @param failure why the cluster cannot be worked on (a {@code *_FAILED} status), if so (exit 1, nothing written)
 */
public record ClusterPlan(
    ClusterSpec spec,
    Optional<MagnumTemplate> template,
    boolean createTemplate,
    ClusterAction clusterAction,
    Optional<MagnumCluster> observed,
    List<String> conflicts,
    Optional<String> failure) {

  public ClusterPlan {
    conflicts = List.copyOf(conflicts);
  }

  /** What happens to the cluster. */
  public enum ClusterAction {
    /** It does not exist: create it. */
    CREATE,
    /** It exists with another worker count: resize it. */
    RESIZE,
    /** Magnum is still working on it: wait until it is done. */
    WAIT,
    /** It matches the spec. */
    NONE
  }

  /** Whether applying would write anything to Magnum. */
  public boolean writes() {
    return createTemplate || clusterAction == ClusterAction.CREATE || clusterAction == ClusterAction.RESIZE;
  }

  /**
   * The plan for people: one line for the template and one for the cluster, {@code +} create, {@code ~} change,
   * {@code =} as is. Conflicts and failures are not in it: {@link #check()} reports them.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    ClusterSpec.Template wanted = spec.template();
    ClusterSpec.Cluster cluster = spec.cluster();
    if (createTemplate) {
      lines.add("+ create cluster template " + wanted.name() + " (image " + wanted.image() + ", kube_tag "
          + wanted.labels().get(ClusterSpecReader.LABEL_KUBE_TAG) + ", " + wanted.networkDriver() + ")");
    } else {
      lines.add("= cluster template " + wanted.name() + " exists");
    }
    String shape = cluster.masterCount() + " control-plane + " + cluster.nodeCount() + " workers";
    switch (clusterAction) {
      case CREATE -> lines.add("+ create cluster " + cluster.name() + " (" + shape + ", template " + wanted.name()
          + ", keypair " + cluster.keypair() + ")");
      case RESIZE -> lines.add("~ resize cluster " + cluster.name() + ": workers " + observed.orElseThrow().nodeCount()
          + " -> " + cluster.nodeCount());
      case WAIT -> lines.add("~ wait for cluster " + cluster.name() + " (" + observed.orElseThrow().status() + ")");
      case NONE -> lines.add("= cluster " + cluster.name() + " is up to date (" + shape + ", "
          + observed.map(MagnumCluster::status).orElse("") + ")");
    }
    return lines;
  }

  /**
   * Throws when the plan cannot be applied: conflicts are a configuration error (exit 2) listing each, a failed
   * cluster a failure (exit 1) with Magnum's reason. Nothing has been written when it throws.
   */
  public void check() {
    if (!conflicts.isEmpty()) {
      throw io.lanes.steps.StepException.configuration(
          String.join("\n", conflicts) + "\nnothing was changed in Magnum");
    }
    failure.ifPresent(f -> {
      throw io.lanes.steps.StepException.failure(f, null);
    });
  }

  /** The changes for the result file: {@code create-template}, {@code create-cluster}, {@code resize-cluster}. */
  public List<String> changes() {
    List<String> changes = new ArrayList<>();
    if (createTemplate) {
      changes.add("create-template");
    }
    if (clusterAction == ClusterAction.CREATE) {
      changes.add("create-cluster");
    } else if (clusterAction == ClusterAction.RESIZE) {
      changes.add("resize-cluster");
    }
    return changes;
  }
}
