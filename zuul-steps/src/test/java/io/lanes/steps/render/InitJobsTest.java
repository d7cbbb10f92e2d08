package io.lanes.steps.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.InitTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InitJobs builds a Tutor init task's Job from Tutor's template as tutor k8s do init does (pure)")
class InitJobsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static GenericKubernetesResource template(String name, String container, String extraContainerYaml) {
    return YAML.unmarshal("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          namespace: openedx-acme
          labels:
            app.kubernetes.io/component: job
            app.kubernetes.io/managed-by: lanes
            lanes.io/platform: acme
            lanes.io/revision: abc
          annotations:
            lanes.io/digest: sha256:old
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: %s
                image: localhost:5000/acme/openedx:change-1-ps-1
        %s
        """.formatted(name, container, extraContainerYaml), GenericKubernetesResource.class);
  }

  private static InitTask task(int order, String app, String service, String script) {
    return new InitTask(order, app, service, script, "x");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(GenericKubernetesResource job) {
    return job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
  }

  @Test
  @DisplayName("the script goes into args as sh -e -c <script>, the entrypoint kept; backoffLimit 1, Tutor's TTL, Lanes' deadline")
  void injectsTheScriptAfterTheEntrypoint() {
    InitJob job = InitJobs.build(
        List.of(template("lms-job", "lms", "")), List.of(task(4, "lms", "lms", "./manage.py lms migrate")), "acme",
        Duration.ofSeconds(300)).get(0);

    assertThat(container(job.job())).doesNotContainKey("command")
        .containsEntry("args", List.of("sh", "-e", "-c", "./manage.py lms migrate"));
    assertThat(job.job().<Integer>get("spec", "backoffLimit")).isEqualTo(1);
    assertThat(job.job().<Integer>get("spec", "ttlSecondsAfterFinished")).isEqualTo(3600);
    assertThat(job.job().<Number>get("spec", "activeDeadlineSeconds").longValue()).isEqualTo(300L);
    assertThat(job.job().getMetadata().getName()).matches("lms-job-04-[0-9a-f]{10}");
    assertThat(job.job().getMetadata().getLabels())
        .containsEntry(InitJobs.LABEL_INIT_OF, "acme")
        .containsEntry("app.kubernetes.io/name", job.job().getMetadata().getName())
        .doesNotContainKeys("lanes.io/platform", "lanes.io/revision");
    assertThat(job.job().getMetadata().getAnnotations())
        .containsEntry(InitJobs.ANNOTATION_TASK, "4 lms").containsEntry(InitJobs.ANNOTATION_KEY, job.key())
        .doesNotContainKey("lanes.io/digest");
    assertThat(job.recordName()).isEqualTo("04-lms");
  }

  @Test
  @DisplayName("a template with command: [] gets command sh -e -c and the script as its only arg (Tutor bypasses the entrypoint)")
  void emptyCommandBypassesTheEntrypoint() {
    InitJob job = InitJobs.build(
        List.of(template("mysql-job", "mysql", "        command: []")),
        List.of(task(2, "mysql", "mysql", "echo init")), "acme", Duration.ofSeconds(60)).get(0);

    assertThat(container(job.job())).containsEntry("command", List.of("sh", "-e", "-c")).containsEntry("args", List.of("echo init"));
  }

  @Test
  @DisplayName("the key follows the script and the image, not the revision label; the template itself is left unchanged")
  void keyFollowsContent() {
    GenericKubernetesResource lms = template("lms-job", "lms", "");
    String before = YAML.asYaml(lms);
    String a = InitJobs.build(List.of(lms), List.of(task(1, "lms", "lms", "a")), "acme", Duration.ofSeconds(60)).get(0).key();
    String again = InitJobs.build(List.of(lms), List.of(task(1, "lms", "lms", "a")), "acme", Duration.ofSeconds(60)).get(0).key();
    String otherScript = InitJobs.build(List.of(lms), List.of(task(1, "lms", "lms", "b")), "acme", Duration.ofSeconds(60)).get(0).key();
    GenericKubernetesResource otherRevision = template("lms-job", "lms", "");
    otherRevision.getMetadata().getLabels().put("lanes.io/revision", "def");
    String revision = InitJobs.build(List.of(otherRevision), List.of(task(1, "lms", "lms", "a")), "acme", Duration.ofSeconds(60)).get(0).key();
    GenericKubernetesResource otherImage = YAML.unmarshal(before.replace("change-1-ps-1", "change-2-ps-1"), GenericKubernetesResource.class);
    String image = InitJobs.build(List.of(otherImage), List.of(task(1, "lms", "lms", "a")), "acme", Duration.ofSeconds(60)).get(0).key();

    assertThat(again).isEqualTo(a);
    assertThat(revision).isEqualTo(a);
    assertThat(otherScript).isNotEqualTo(a);
    assertThat(image).isNotEqualTo(a);
    assertThat(YAML.asYaml(lms)).isEqualTo(before);
  }

  @Test
  @DisplayName("tasks keep Tutor's order, several in one template")
  void keepsTutorsOrder() {
    List<InitJob> jobs = InitJobs.build(
        List.of(template("lms-job", "lms", ""), template("mysql-job", "mysql", ""), template("cms-job", "cms", "")),
        List.of(task(1, "lms", "lms", "1"), task(2, "mysql", "mysql", "2"), task(3, "meilisearch", "lms", "3"),
            task(4, "cms", "cms", "4")),
        "acme", Duration.ofSeconds(60));

    assertThat(jobs).extracting(j -> j.job().getMetadata().getName().substring(0, j.job().getMetadata().getName().lastIndexOf('-')))
        .containsExactly("lms-job-01", "mysql-job-02", "lms-job-03", "cms-job-04");
  }

  @Test
  @DisplayName("a task whose service has no Job template is a configuration error naming the task and the templates")
  void missingTemplateIsAConfigurationError() {
    assertThatThrownBy(() -> InitJobs.build(
            List.of(template("lms-job", "lms", "")), List.of(task(7, "notes", "notes", "x")), "acme", Duration.ofSeconds(60)))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("init task 7 (notes, in notes-job): the env defines no Job notes-job (k8s/jobs.yml) to run it in; templates: lms-job");
  }

  @Test
  @DisplayName("a long service name still gives a Job name of at most 63 characters")
  void longNamesFit() {
    String service = "a-very-long-plugin-service-name-that-goes-on-and-on-and-on";
    InitJob job = InitJobs.build(
        List.of(template(service + "-job", "x", "")), List.of(task(12, "p", service, "x")), "acme", Duration.ofSeconds(60)).get(0);

    assertThat(job.job().getMetadata().getName()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9-]+-12-[0-9a-f]{10}");
  }

  @Test
  @DisplayName("only Jobs labelled app.kubernetes.io/component: job are Tutor's templates")
  void templatesAreTutorsLabelledJobs() {
    GenericKubernetesResource other = template("migrate", "x", "");
    other.getMetadata().getLabels().remove("app.kubernetes.io/component");

    assertThat(InitJobs.isTemplate(template("lms-job", "lms", ""))).isTrue();
    assertThat(InitJobs.isTemplate(other)).isFalse();
  }
}
