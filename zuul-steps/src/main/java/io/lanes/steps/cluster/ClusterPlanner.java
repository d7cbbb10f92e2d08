package io.lanes.steps.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.lanes.steps.cluster.ClusterPlan.ClusterAction;
import io.lanes.steps.openstack.MagnumCluster;
import io.lanes.steps.openstack.MagnumTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Compares a spec with what Magnum has; pure, so every case is a unit test. */
public final class ClusterPlanner {
  private ClusterPlanner() {}

  /**
   * The plan for {@code spec}, given the template and cluster of the spec's names as Magnum shows them (empty when
   * Magnum has none).
   */
  public static ClusterPlan plan(ClusterSpec spec, Optional<MagnumTemplate> template, Optional<MagnumCluster> cluster) {
    List<String> conflicts = new ArrayList<>();
    template.ifPresent(t -> templateDifferences(spec.template(), t).ifPresent(conflicts::add));
    Optional<String> failure = Optional.empty();
    ClusterAction action;
    if (cluster.isEmpty()) {
      action = ClusterAction.CREATE;
    } else {
      MagnumCluster observed = cluster.get();
      ClusterSpec.Cluster wanted = spec.cluster();
      String name = wanted.name();
      if (template.isEmpty() || !template.get().uuid().equals(observed.templateId())) {
        conflicts.add("cluster.template: cluster " + name + " runs another template (uuid " + observed.templateId()
            + "), not " + wanted.template() + "; moving a cluster to a new template is Magnum's upgrade, which "
            + "Lanes does not do: upgrade it with Magnum, or create a new cluster");
      }
      if (observed.masterCount() != wanted.masterCount()) {
        conflicts.add("cluster.masterCount: cluster " + name + " has " + observed.masterCount()
            + " control-plane nodes and Magnum cannot change that; the spec asks for " + wanted.masterCount());
      }
      observed.keypair()
          .filter(k -> !k.equals(wanted.keypair()))
          .ifPresent(k -> conflicts.add("cluster.keypair: cluster " + name + " has keypair " + k
              + " and Magnum cannot change that; the spec asks for " + wanted.keypair()));
      if (observed.failed()) {
        failure = Optional.of("cluster " + name + " is " + observed.status() + ": "
            + observed.statusReason().orElse("Magnum gives no reason")
            + " (repair or delete it with Magnum, then apply again)");
        action = ClusterAction.NONE;
      } else if (observed.inProgress()) {
        action = ClusterAction.WAIT;
      } else if (observed.nodeCount() != wanted.nodeCount()) {
        action = ClusterAction.RESIZE;
      } else {
        action = ClusterAction.NONE;
      }
    }
    return new ClusterPlan(spec, template, template.isEmpty(), action, cluster, conflicts, failure);
  }

  /** The fields where Magnum's template differs from the spec, as one conflict, if any. */
  static Optional<String> templateDifferences(ClusterSpec.Template wanted, MagnumTemplate actual) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Object> field : wanted.toMagnum().entrySet()) {
      JsonNode value = actual.fields().get(field.getKey());
      if (field.getKey().equals("labels")) {
        Map<String, String> actualLabels = new TreeMap<>();
        if (value != null && value.isObject()) {
          value.fields().forEachRemaining(e -> actualLabels.put(e.getKey(), e.getValue().asText()));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> wantedLabels = (Map<String, String>) field.getValue();
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(wantedLabels.keySet());
        keys.addAll(actualLabels.keySet());
        for (String key : keys) {
          String in = actualLabels.get(key);
          String want = wantedLabels.get(key);
          if (!java.util.Objects.equals(in, want)) {
            differences.add("labels." + key + " " + (in == null ? "unset" : quoted(in)) + " in Magnum, "
                + (want == null ? "unset" : quoted(want)) + " in the spec");
          }
        }
      } else if (!same(value, field.getValue())) {
        differences.add(field.getKey() + " " + (value == null || value.isNull() ? "unset" : value.toString())
            + " in Magnum, " + quoted(field.getValue()) + " in the spec");
      }
    }
    if (differences.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("template.name: cluster template " + wanted.name() + " exists with other settings ("
        + String.join("; ", differences) + "); templates are immutable: give the changed template a new name");
  }

  private static boolean same(JsonNode actual, Object wanted) {
    if (actual == null || actual.isNull()) {
      return false;
    }
    if (wanted instanceof Boolean b) {
      return actual.isBoolean() ? actual.booleanValue() == b : actual.asText().equalsIgnoreCase(b.toString());
    }
    if (wanted instanceof Integer i) {
      return actual.canConvertToInt() && actual.asInt() == i;
    }
    return actual.asText().equals(wanted.toString());
  }

  private static String quoted(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
