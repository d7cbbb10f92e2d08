package io.lanes.steps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.cluster.ClusterPlan.ClusterAction;
import io.lanes.steps.openstack.MagnumCluster;
import io.lanes.steps.openstack.MagnumTemplate;
import io.lanes.steps.testing.MagnumApiDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterPlannerTest {
  private static final ClusterSpec SPEC = sample();
  private static final MagnumTemplate TEMPLATE = template(MagnumApiDouble.templateBody());

  private static ClusterSpec sample() {
    try {
      return ClusterSpecReader.read(Files.readString(Path.of(MagnumApiDouble.SPEC))).spec().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MagnumTemplate template(String json) {
    try {
      var node = new ObjectMapper().readTree(json);
      return new MagnumTemplate(node.get("uuid").asText(), node.get("name").asText(), node);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MagnumCluster cluster(String status, int masters, int nodes, String keypair) {
    return new MagnumCluster(MagnumApiDouble.CLUSTER_UUID, "prod", status, Optional.empty(),
        MagnumApiDouble.TEMPLATE_UUID, masters, nodes, Optional.of(keypair), Optional.empty());
  }

  @Test
  @DisplayName("nothing in Magnum: create the template and the cluster")
  void createsBoth() {
    ClusterPlan plan = ClusterPlanner.plan(SPEC, Optional.empty(), Optional.empty());

    assertThat(plan.createTemplate()).isTrue();
    assertThat(plan.clusterAction()).isEqualTo(ClusterAction.CREATE);
    assertThat(plan.changes()).containsExactly("create-template", "create-cluster");
  }

  @Test
  @DisplayName("Magnum matches the spec: no writes")
  void nothingToDo() {
    ClusterPlan plan = ClusterPlanner.plan(SPEC, Optional.of(TEMPLATE),
        Optional.of(cluster("CREATE_COMPLETE", 3, 3, "lanes-ops")));

    assertThat(plan.writes()).isFalse();
    assertThat(plan.conflicts()).isEmpty();
  }

  @Test
  @DisplayName("a cluster in progress is waited for; one with fewer workers is resized")
  void waitsAndResizes() {
    assertThat(ClusterPlanner.plan(SPEC, Optional.of(TEMPLATE),
        Optional.of(cluster("UPDATE_IN_PROGRESS", 3, 2, "lanes-ops"))).clusterAction()).isEqualTo(ClusterAction.WAIT);
    assertThat(ClusterPlanner.plan(SPEC, Optional.of(TEMPLATE),
        Optional.of(cluster("UPDATE_COMPLETE", 3, 5, "lanes-ops"))).clusterAction()).isEqualTo(ClusterAction.RESIZE);
  }

  @Test
  @DisplayName("control-plane size and keypair cannot change in Magnum: conflicts naming the keys")
  void immutableClusterFields() {
    ClusterPlan plan = ClusterPlanner.plan(SPEC, Optional.of(TEMPLATE),
        Optional.of(cluster("CREATE_COMPLETE", 1, 3, "old-key")));

    assertThat(plan.conflicts()).containsExactly(
        "cluster.masterCount: cluster prod has 1 control-plane nodes and Magnum cannot change that; the spec asks for 3",
        "cluster.keypair: cluster prod has keypair old-key and Magnum cannot change that; the spec asks for lanes-ops");
  }

  @Test
  @DisplayName("Magnum's booleans and numbers compare by value, a missing field differs")
  void templateComparison() {
    assertThat(ClusterPlanner.templateDifferences(SPEC.template(), TEMPLATE)).isEmpty();
    MagnumTemplate withoutDns = template(MagnumApiDouble.templateBody().replace("\"dns_nameserver\": \"10.0.0.2\",", ""));

    assertThat(ClusterPlanner.templateDifferences(SPEC.template(), withoutDns)).get().asString()
        .contains("dns_nameserver unset in Magnum, \"10.0.0.2\" in the spec");
  }
}
