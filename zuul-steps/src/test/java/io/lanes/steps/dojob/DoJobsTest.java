package io.lanes.steps.dojob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.tutor.DoTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DoJobs builds a do task's Job from Tutor's template, a secret-holding script through a Secret (pure)")
class DoJobsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final GenericKubernetesResource LMS_JOB = YAML.unmarshal("""
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: lms-job
        namespace: openedx-acme
        labels: {app.kubernetes.io/component: job, lanes.io/platform: acme, lanes.io/revision: abc}
        annotations: {lanes.io/digest: "sha256:old"}
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: lms
              image: localhost:5000/acme/openedx:change-1-ps-1
              env: [{name: SERVICE_VARIANT, value: lms}]
      """, GenericKubernetesResource.class);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(GenericKubernetesResource job) {
    return job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
  }

  @Test
  @DisplayName("without a secret: Tutor's sh -e -c <script>, the deadline, the do labels, no prune label, no Secret")
  void plainScript() {
    DoJobs.Built built = DoJobs.build(LMS_JOB, new DoTask(1, "lms", "echo hi", "x"), "settheme", "acme", Duration.ofSeconds(60), false);

    GenericKubernetesResource job = built.job();
    assertThat(job.getMetadata().getName()).matches("lms-job-do-01-[0-9a-f]{10}");
    assertThat(container(job).get("args")).isEqualTo(List.of("sh", "-e", "-c", "echo hi"));
    assertThat(job.<Long>get("spec", "activeDeadlineSeconds")).isEqualTo(60L);
    assertThat(job.getMetadata().getLabels()).containsEntry(DoJobs.LABEL_DO_OF, "acme").doesNotContainKey("lanes.io/platform");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(DoJobs.ANNOTATION_JOB, "settheme")
        .containsEntry(DoJobs.ANNOTATION_TASK, "1 lms").doesNotContainKey("lanes.io/digest");
    assertThat(built.secret()).isEmpty();
  }

  @Test
  @DisplayName("with a secret: the script is only in a Secret of the Job's name, read through LANES_DO_SCRIPT; the name does not depend on it")
  void secretScript() {
    String script = "u.set_password('canary-9')";
    DoJobs.Built built = DoJobs.build(LMS_JOB, new DoTask(1, "lms", script, "x"), "createuser", "acme", Duration.ofSeconds(60), true);
    DoJobs.Built other = DoJobs.build(LMS_JOB, new DoTask(1, "lms", "other", "y"), "createuser", "acme", Duration.ofSeconds(60), true);

    GenericKubernetesResource job = built.job();
    assertThat(YAML.asJson(job)).doesNotContain("canary-9");
    assertThat(container(job).get("args")).isEqualTo(List.of("sh", "-e", "-c", "eval \"$LANES_DO_SCRIPT\""));
    assertThat(container(job).get("env")).isEqualTo(List.of(Map.of("name", "SERVICE_VARIANT", "value", "lms"),
        Map.of("name", "LANES_DO_SCRIPT", "valueFrom",
            Map.of("secretKeyRef", Map.of("name", job.getMetadata().getName(), "key", "script")))));
    assertThat(built.secret()).get().satisfies(s -> {
      assertThat(s.getMetadata().getName()).isEqualTo(job.getMetadata().getName());
      assertThat(s.getStringData()).containsEntry("script", script);
      assertThat(s.getMetadata().getLabels()).containsEntry(DoJobs.LABEL_DO_OF, "acme").doesNotContainKey("lanes.io/platform");
    });
    assertThat(other.job().getMetadata().getName()).isEqualTo(job.getMetadata().getName());
  }
}
