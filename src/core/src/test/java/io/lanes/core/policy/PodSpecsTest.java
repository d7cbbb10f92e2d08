package io.lanes.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("pod specs and containers of an object given as plain maps, by kind")
class PodSpecsTest {

  private static Map<String, Object> container(String name, String image) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", name);
    container.put("image", image);
    return container;
  }

  private static Map<String, Object> podSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("initContainers", new ArrayList<>(List.of(container("migrate", "a/init:1"))));
    spec.put("containers", new ArrayList<>(List.of(container("app", "a/app:1"), container("sidecar", "a/side:1"))));
    spec.put("ephemeralContainers", new ArrayList<>(List.of(container("debug", "a/debug:1"))));
    return spec;
  }

  @Test
  @DisplayName("a CronJob's containers are found under its job template: init, regular, then ephemeral")
  void cronJobContainersInOrder() {
    Map<String, Object> fields =
        Map.of("spec", Map.of("jobTemplate", Map.of("spec", Map.of("template", Map.of("spec", podSpec())))));

    List<String> names = PodSpecs.containers("CronJob", fields).stream().map(c -> (String) c.get("name")).toList();

    assertThat(names).containsExactly("migrate", "app", "sidecar", "debug");
  }

  @Test
  @DisplayName("a Pod's spec is its own spec; a Deployment's is its template's")
  void podAndWorkloadSpecs() {
    Map<String, Object> spec = podSpec();

    assertThat(PodSpecs.of("Pod", Map.of("spec", spec))).isSameAs(spec);
    assertThat(PodSpecs.of("Deployment", Map.of("spec", Map.of("template", Map.of("spec", spec))))).isSameAs(spec);
    assertThat(PodSpecs.of("PodTemplate", Map.of("template", Map.of("spec", spec)))).isSameAs(spec);
  }

  @Test
  @DisplayName("kinds that run no pods, and workloads without a template, have no pod spec and no containers")
  void noPodSpec() {
    Map<String, Object> shaped = Map.of("spec", Map.of("template", Map.of("spec", podSpec())));

    assertThat(PodSpecs.of("Service", shaped)).isEmpty();
    assertThat(PodSpecs.containers("ConfigMap", shaped)).isEmpty();
    assertThat(PodSpecs.containers("Deployment", Map.of("spec", "not a map"))).isEmpty();
  }

  @Test
  @DisplayName("containers are the object's own maps: rewriting an image changes the object")
  void containersAreTheObjectsOwn() {
    Map<String, Object> spec = podSpec();
    Map<String, Object> fields = Map.of("spec", Map.of("template", Map.of("spec", spec)));

    PodSpecs.containers("StatefulSet", fields).forEach(c -> c.put("image", c.get("image") + "@sha256:0"));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
    assertThat(containers.get(0).get("image")).isEqualTo("a/app:1@sha256:0");
  }
}
