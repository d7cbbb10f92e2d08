package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.InitTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InitTaskKeys: the keys deploy records for init tasks, from render's templates with the live release's images (pure)")
class InitTaskKeysTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Platform ACME =
      new Platform(
          "acme", "platform/acme", "openedx-acme", "prod", "localhost:5000", Optional.empty(), false, List.of(),
          List.of(), Optional.empty(), List.of());
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  /** Tutor's lms-job and mysql-job as the env writes them: the platform's image untagged, MySQL's pinned by tag. */
  private static List<GenericKubernetesResource> env() {
    return List.of("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: lms-job
          labels:
            app.kubernetes.io/component: job
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: lms
                image: localhost:5000/acme/openedx
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: mysql-job
          labels:
            app.kubernetes.io/component: job
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: mysql
                image: docker.io/mysql:8.4.0
        """.split("---\n")).stream().map(doc -> YAML.unmarshal(doc, GenericKubernetesResource.class)).toList();
  }

  /** The env through the lane rewrite with {@code tag}, as {@link Renderer} leaves it (revision {@code revision}). */
  private static List<GenericKubernetesResource> rendered(String revision, String tag) {
    List<RenderedObject> objects = env().stream().map(o -> new RenderedObject(o, "env/k8s/jobs.yml", 1)).toList();
    new LaneRewrite(YAML, ACME, revision, tag).apply(objects);
    return objects.stream().map(RenderedObject::resource).toList();
  }

  private static final List<InitTask> TASKS = List.of(
      new InitTask(1, "mysql", "mysql", "mysql -e 'create database openedx'", "x"),
      new InitTask(2, "lms", "lms", "./manage.py lms migrate", "y"));

  /** What deploy records: its render (another revision, its tag) pinned to its digests, then InitJobs.build. */
  private static SortedMap<String, String> deployed(String tag, Map<String, String> digests, List<InitTask> tasks) {
    List<GenericKubernetesResource> objects = rendered("deploy-commit", tag);
    ImagePins.apply(objects, ACME, digests);
    SortedMap<String, String> keys = new TreeMap<>();
    InitJobs.build(objects, tasks, "acme", InitJobs.DEFAULT_DEADLINE).forEach(j -> keys.put(j.recordName(), j.key()));
    return keys;
  }

  @Test
  @DisplayName("render's templates (its tag, its revision) with the live release's tag and digests give exactly the keys deploy recorded")
  void sameKeysAsDeploy() {
    List<GenericKubernetesResource> objects = rendered("render-commit", "change-7-ps-2");

    SortedMap<String, String> keys = InitTaskKeys.of(objects, TASKS, ACME, "change-7-ps-2", "abc123", Map.of("openedx", DIGEST));

    assertThat(keys).isEqualTo(deployed("abc123", Map.of("openedx", DIGEST), TASKS)).containsOnlyKeys("01-mysql", "02-lms");
    // render's own objects are left as rendered
    assertThat(objects.get(0).<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0).get("image"))
        .isEqualTo("localhost:5000/acme/openedx:change-7-ps-2");
    assertThat(InitTaskKeys.of(objects, TASKS, ACME, "change-7-ps-2", "latest-acme", Map.of()))
        .isEqualTo(deployed("latest-acme", Map.of(), TASKS));
  }

  @Test
  @DisplayName("a changed script changes that task's key only; another image (tag or digest) changes only the keys of the tasks that run in it")
  void whatChangesAKey() {
    List<GenericKubernetesResource> objects = rendered("render-commit", "change-7-ps-2");
    SortedMap<String, String> live = deployed("abc123", Map.of("openedx", DIGEST), TASKS);
    List<InitTask> changed = List.of(TASKS.get(0), new InitTask(2, "lms", "lms", "./manage.py lms migrate --noinput", "z"));

    SortedMap<String, String> keys = InitTaskKeys.of(objects, changed, ACME, "change-7-ps-2", "abc123", Map.of("openedx", DIGEST));

    assertThat(keys.get("01-mysql")).isEqualTo(live.get("01-mysql"));
    assertThat(keys.get("02-lms")).isNotEqualTo(live.get("02-lms"));
    SortedMap<String, String> otherImage = deployed("def456", Map.of("openedx", "sha256:" + "cd".repeat(32)), TASKS);
    assertThat(otherImage.get("01-mysql")).isEqualTo(live.get("01-mysql"));
    assertThat(otherImage.get("02-lms")).isNotEqualTo(live.get("02-lms"));
  }

  @Test
  @DisplayName("a task whose Job template the env lacks: exit 2 naming the task, as deploy refuses it")
  void missingTemplate() {
    List<GenericKubernetesResource> objects = rendered("render-commit", "t");
    List<InitTask> tasks = List.of(new InitTask(1, "foo", "foo", "true", "x"));

    assertThatThrownBy(() -> InitTaskKeys.of(objects, tasks, ACME, "t", "t", Map.of()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("init task 1 (foo, in foo-job): the env defines no Job foo-job");
  }
}
