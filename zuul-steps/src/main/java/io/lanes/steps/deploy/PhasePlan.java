package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A release's objects grouped by {@link Phase}, phases in order, objects within a phase sorted by {@link
 * ObjectRef#key()} so two runs plan alike. Pure.
 */
public final class PhasePlan {
  private final Map<Phase, List<GenericKubernetesResource>> phases;

  private PhasePlan(Map<Phase, List<GenericKubernetesResource>> phases) {
    this.phases = phases;
  }

  /** The plan of {@code objects}. */
  public static PhasePlan of(List<GenericKubernetesResource> objects) {
    Map<Phase, List<GenericKubernetesResource>> phases = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      phases.put(phase, new ArrayList<>());
    }
    for (GenericKubernetesResource object : objects) {
      phases.get(Phase.of(object)).add(object);
    }
    Comparator<GenericKubernetesResource> byKey = Comparator.comparing(o -> ObjectRef.of(o).key());
    phases.values().forEach(list -> list.sort(byKey));
    return new PhasePlan(phases);
  }

  /** The objects of {@code phase}, possibly none. */
  public List<GenericKubernetesResource> objects(Phase phase) {
    return List.copyOf(phases.get(phase));
  }

  /** Every object, phase after phase. */
  public List<GenericKubernetesResource> all() {
    List<GenericKubernetesResource> all = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      all.addAll(phases.get(phase));
    }
    return all;
  }
}
