package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.StepRun;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("deploy of the sample Tutor project (real Tutor 22 and its mfe plugin) runs Tutor's init tasks as Jobs on the real control plane")
class DeployTutorInitTasksAgainstKubeTest {
  private static final int DEADLINE = 90;

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Path project;

  @BeforeEach
  void setUp() {
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
  }

  private StepRun deploy(String holder) {
    return deploy(holder, DEADLINE);
  }

  private StepRun deploy(String holder, int deadline) {
    return deploy(holder, deadline, List.of());
  }

  private StepRun deploy(String holder, String... images) {
    return deploy(holder, DEADLINE, List.of(images));
  }

  private StepRun deploy(String holder, int deadline, List<String> images) {
    List<String> args = new ArrayList<>(List.of(
        "deploy", "--config", project.resolve("lanes.config").toString(), "--platform", "acme",
        "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(), "--holder", holder,
        "--poll-interval", "200", "--rollout-timeout", Integer.toString(deadline),
        "--result", dir.resolve("result.json").toString()));
    args.addAll(images);
    return StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()), args.toArray(String[]::new));
  }

  /** Tutor's own init tasks for the project: [service, script] in Tutor's order. */
  private List<List<String>> tutorsTasks() throws IOException {
    List<List<String>> tasks = new ArrayList<>();
    for (JsonNode task : new ObjectMapper().readTree(RealTutor.tasks(project)).path("init")) {
      tasks.add(List.of(task.path("service").asText(), task.path("script").asText()));
    }
    return tasks;
  }

  /** The Jobs the step created, in the order the API server took the creates (its audit log). */
  private List<String> jobsCreated() {
    return kube.writes().stream()
        .filter(w -> w.verb().equals("create") && w.resource().equals("jobs"))
        .map(KubeCluster.Write::name)
        .toList();
  }

  private GenericKubernetesResource job(String name) {
    return kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).withName(name).get();
  }

  @Test
  @DisplayName("each init task runs as its own Job from Tutor's template with Tutor's script (sh -e -c), one at a time in Tutor's order, with a deadline; Tutor's templates are not applied")
  void runsTutorsInitTasksInTutorsOrder() throws IOException {
    List<List<String>> expected = tutorsTasks();
    assertThat(expected).extracting(t -> t.get(0)).containsExactly("lms", "mysql", "lms", "lms", "cms", "lms");

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // the platform's own plugin acme (Tutor names it by its file) adds no task
    assertThat(run.err()).contains("deploy: Tutor 22.0.3 (Open edX verawood), plugins acme "
        + project.toAbsolutePath().resolve("plugins/acme.py") + ", mfe 22.1.0: 6 init tasks");
    List<String> created = jobsCreated();
    assertThat(created).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      String service = expected.get(i).get(0);
      String script = expected.get(i).get(1);
      GenericKubernetesResource job = job(created.get(i));
      assertThat(job.getMetadata().getName()).startsWith(service + "-job-" + String.format("%02d", i + 1) + "-");
      Map<String, Object> container = job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
      assertThat(container.get("name")).isEqualTo(service);
      assertThat(container.get("args")).as(job.getMetadata().getName()).isEqualTo(List.of("sh", "-e", "-c", script));
      assertThat(job.<Integer>get("spec", "activeDeadlineSeconds")).isEqualTo(DEADLINE);
      assertThat(job.<Integer>get("spec", "backoffLimit")).isEqualTo(1);
      assertThat(job.<Integer>get("status", "succeeded")).isEqualTo(1);
      assertThat(job.getMetadata().getLabels())
          .containsEntry(InitJobs.LABEL_INIT_OF, "acme").doesNotContainKey("lanes.io/platform");
    }
    // One at a time: each Job was created only after the one before it had completed.
    for (int i = 1; i < created.size(); i++) {
      String before = job(created.get(i - 1)).get("status", "completionTime");
      String after = job(created.get(i)).getMetadata().getCreationTimestamp();
      assertThat(after).as(created.get(i)).isGreaterThanOrEqualTo(before);
    }
    assertThat(job("lms-job")).isNull();
    assertThat(job("cms-job")).isNull();
    assertThat(job("mysql-job")).isNull();
    GenericKubernetesResource record = kube.client().genericKubernetesResources("v1", "ConfigMap")
        .inNamespace(kube.namespace()).withName("lanes-release-acme-1").get();
    assertThat(record.<String>get("data", "initTasks").lines().map(l -> l.split(" ")[0]))
        .containsExactly("01-lms", "02-mysql", "03-meilisearch", "04-lms", "05-cms", "06-mfe");
  }

  @Test
  @DisplayName("an unchanged re-deploy runs no init task again and writes nothing")
  void unchangedRedeployRunsNoTask() {
    assertThat(deploy("build-1").exitCode()).isZero();
    int before = jobsCreated().size();

    StepRun again = deploy("build-2");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("deploy: no changes");
    assertThat(again.err()).contains("init task 6 (mfe, in lms-job): ran before with the same script and Job");
    assertThat(jobsCreated()).hasSize(before);
  }

  @Test
  @DisplayName("--keep-images deploys with the current release's image tag and digests: after a promoted release, a deploy of a change that touched no image runs no init task and writes nothing")
  void keepImagesRunsNoTaskAgain() {
    String digest = "sha256:" + "a".repeat(64);
    StepRun first = deploy("build-1", "--image-tag", "0123abc", "--image-digest", "openedx=" + digest);
    assertThat(first.exitCode()).as(first.err()).isZero();
    int before = jobsCreated().size();

    StepRun again = deploy("build-2", "--keep-images");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("image tag 0123abc (kept: release 1)");
    assertThat(again.out()).contains("deploy: no changes");
    assertThat(jobsCreated()).hasSize(before);
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("lms").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith("/acme/openedx:0123abc@" + digest);
  }

  @Test
  @DisplayName("--keep-images on a namespace with no release yet deploys latest-<platform>; with --image-tag it is refused before anything is written (exit 2)")
  void keepImagesWithoutARelease() {
    StepRun refused = deploy("build-1", "--keep-images", "--image-tag", "0123abc");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("--keep-images: not with --image-tag or --image-digest");
    assertThat(kube.writes()).isEmpty();

    StepRun first = deploy("build-1", "--keep-images");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("image tag latest-acme (kept: no release yet)");
  }

  @Test
  @DisplayName("rollback --to the live release writes nothing and records no release (a rollback runs no task, the live release's tasks stand)")
  void rollbackToTheLiveReleaseWritesNothing() {
    assertThat(deploy("build-1").exitCode()).isZero();
    int writes = kube.writes().size();

    StepRun rollback = StepRun.withEnvironment(
        Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path()),
        "rollback", "--config", project.resolve("lanes.config").toString(), "--platform", "acme", "--to", "1",
        "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(), "--holder", "operator");

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("rollback to release 1: no changes");
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-2").get()).isNull();
    assertThat(kube.writes().subList(writes, kube.writes().size()))
        .allMatch(w -> w.resource().equals("leases"), "only the deploy lock is written");
  }

  @Test
  @DisplayName("a changed Tutor setting that changes a task's script runs that task again")
  void changedScriptRunsTheTaskAgain() throws Exception {
    assertThat(deploy("build-1").exitCode()).isZero();
    List<String> first = jobsCreated();
    setLmsHost("courses.acme.example");
    commit("LMS_HOST");

    StepRun again = deploy("build-2");

    assertThat(again.exitCode()).as(again.err()).isZero();
    List<String> second = jobsCreated().subList(first.size(), jobsCreated().size());
    assertThat(second).isNotEmpty().noneMatch(first::contains);
    assertThat(again.out()).contains("release 2");
  }

  /**
   * Makes the pods of Tutor's cms-job template fail (kwok's Stage for {@code lanes.test/fail=exit}: exit code 1), through
   * Tutor: the test plugin lanestest_override's kustomize patch (Tutor's {@code k8s-override}).
   */
  private void failCmsTask() {
    RealTutor.enableTestPlugin(project, "lanestest_override");
    RealTutor.override(project, """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: cms-job
        spec:
          template:
            metadata:
              labels:
                lanes.test/fail: exit
        """);
  }

  /** Labels the pods of cms-job in env/k8s/jobs.yml by hand: an env Tutor does not write. */
  private void handEditJobs() throws IOException {
    Path jobs = project.resolve("env/k8s/jobs.yml");
    String text = Files.readString(jobs);
    int cms = text.indexOf("name: cms-job");
    Files.writeString(jobs, text.substring(0, cms) + text.substring(cms).replaceFirst(
        "  template:\n    spec:\n", "  template:\n    metadata:\n      labels:\n        lanes.test/fail: exit\n    spec:\n"));
  }

  @Test
  @DisplayName("an env/ that tutor config save does not write from config.yml (a hand-edited jobs.yml) is refused before anything is applied: exit 2 naming the file")
  void handEditedEnvIsRefused() throws Exception {
    handEditJobs();
    commit("cms-job edited by hand");

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains(project.resolve("env") + " is not what tutor config save writes from config.yml and"
        + " plugins/: 1 file differs: env/k8s/jobs.yml (changed); nothing was applied.");
    assertThat(run.err().lines().filter(l -> !l.startsWith("deploy: ") && !l.isBlank()).toList()).hasSize(1);
    assertThat(kube.writes()).isEmpty();
    assertThat(Files.readString(project.resolve("env/k8s/jobs.yml"))).contains("lanes.test/fail: exit");
  }

  private void setLmsHost(String host) throws IOException {
    Path config = project.resolve("config.yml");
    Files.writeString(config, Files.readString(config).replaceFirst("LMS_HOST: .*\n", "LMS_HOST: " + host + "\n"));
    RealTutor.tutor(project, "config", "save");
  }

  private void commit(String message) throws Exception {
    try (Git git = Git.open(project.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage(message).setAuthor("Test", "t@example.org").setCommitter("Test", "t@example.org")
          .setSign(false).call();
    }
  }

  private List<String> liveConfigMaps(String prefix) {
    return kube.client().configMaps().inNamespace(kube.namespace()).list().getItems().stream()
        .map(c -> c.getMetadata().getName()).filter(n -> n.startsWith(prefix)).sorted().toList();
  }

  @Test
  @DisplayName("a failing init task fails the first deploy naming the task, runs no later task and applies no app")
  void failingTaskFailsTheDeploy() throws Exception {
    failCmsTask();
    commit("cms task fails");

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("init task 5 (cms, in cms-job): init jobs: Job/cms-job-05-")
        .contains("nothing to roll back to");
    assertThat(jobsCreated()).hasSize(5);
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("lms").get()).isNull();
  }

  @Test
  @DisplayName("a task failing after a good release rolls the namespace back to that release: its ConfigMaps, no new release")
  void failingTaskAfterAGoodReleaseRollsBack() throws Exception {
    assertThat(deploy("build-1").exitCode()).isZero();
    List<String> before = liveConfigMaps("openedx-config");
    setLmsHost("courses.acme.example");
    failCmsTask();
    commit("LMS_HOST, and the cms task fails");

    StepRun run = deploy("build-2");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("init task 5 (cms, in cms-job):").contains("rolled back to release 1");
    assertThat(liveConfigMaps("openedx-config")).isEqualTo(before);
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-2").get()).isNull();
  }

  @Test
  @DisplayName("another Tutor config (MySQL outside the cluster, no plugin) deploys with no code change: Tutor's own 5 tasks, no mysql Deployment")
  void anotherTutorConfigDeploys() throws Exception {
    Path config = project.resolve("config.yml");
    Files.writeString(config, Files.readString(config)
        .replace("PLUGINS:\n- acme\n- mfe\n", "PLUGINS: []\nRUN_MYSQL: false\nMYSQL_HOST: mysql.db.acme.example\n"));
    assertThat(Files.readString(config)).contains("PLUGINS: []\n");
    // Tutor never deletes from env/: the disabled plugins' files go only with the env (deploy refuses them)
    RealTutor.delete(project.resolve("env"));
    RealTutor.tutor(project, "config", "save");
    commit("external MySQL, no plugin");
    List<List<String>> expected = tutorsTasks();

    StepRun run = deploy("build-1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("plugins none: 5 init tasks");
    assertThat(expected).extracting(t -> t.get(0)).containsExactly("lms", "mysql", "lms", "lms", "cms");
    List<String> created = jobsCreated();
    assertThat(created).hasSize(5);
    for (int i = 0; i < created.size(); i++) {
      Map<String, Object> container = job(created.get(i)).<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
      assertThat(container.get("args")).isEqualTo(List.of("sh", "-e", "-c", expected.get(i).get(1)));
    }
    assertThat(expected.get(3).get(1)).contains("mysql.db.acme.example:3306");
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("mysql").get()).isNull();
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("mfe").get()).isNull();
  }

  @Test
  @DisplayName("a plugin's init task whose script exits 1 (test plugin lanestest_initfail) fails the deploy naming the task, exit 1, and rolls back to the last release")
  void pluginTaskExitingFailsAndRollsBack() {
    assertThat(deploy("build-1").exitCode()).isZero();
    List<String> before = liveConfigMaps("openedx-config");
    RealTutor.enableTestPlugin(project, "lanestest_initfail");
    RealTutor.commit(project, "a plugin whose init task exits 1");
    int jobs = jobsCreated().size();

    StepRun run = deploy("build-2");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).containsPattern("init task \\d+ \\(lanestest_initfail, in lanestest-exit-job\\): init jobs: "
        + "Job/lanestest-exit-job-\\d\\d-[0-9a-f]+: failed")
        .contains("rolled back to release 1");
    List<String> created = jobsCreated().subList(jobs, jobsCreated().size());
    GenericKubernetesResource failed = job(created.get(created.size() - 1));
    assertThat(failed.getMetadata().getName()).startsWith("lanestest-exit-job-");
    Map<String, Object> container = failed.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
    assertThat(container.get("args")).isEqualTo(List.of("sh", "-e", "-c", "exit 1"));
    assertThat(liveConfigMaps("openedx-config")).isEqualTo(before);
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-2").get()).isNull();
    assertThat(kube.client().leases().inNamespace(kube.namespace()).withName("lanes-deploy").get().getSpec()
        .getHolderIdentity()).isNull();
  }

  @Test
  @DisplayName("an init task past its deadline (test plugin lanestest_inithang) fails the deploy naming the task and the deadline, exit 1; the namespace is rolled back and the task's Job is stopped by its activeDeadlineSeconds")
  void taskPastItsDeadline() {
    assertThat(deploy("build-1").exitCode()).isZero();
    List<String> before = liveConfigMaps("openedx-config");
    RealTutor.enableTestPlugin(project, "lanestest_inithang");
    RealTutor.commit(project, "a plugin whose init task never ends");
    int jobs = jobsCreated().size();
    long start = System.nanoTime();

    StepRun run = deploy("build-2", 15);

    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).containsPattern("init task \\d+ \\(lanestest_inithang, in lanestest-hang-job\\): init jobs: "
        + "Job/lanestest-hang-job-\\d\\d-[0-9a-f]+: ")
        .containsPattern("(--rollout-timeout 15 s ran out|DeadlineExceeded)")
        .contains("rolled back to release 1");
    assertThat(seconds).as("within the task's deadline plus the rollback").isLessThan(15 + 120);
    assertThat(liveConfigMaps("openedx-config")).isEqualTo(before);
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-2").get()).isNull();
    List<String> created = jobsCreated().subList(jobs, jobsCreated().size());
    String hung = created.get(created.size() - 1);
    assertThat(hung).startsWith("lanestest-hang-job-");
    assertThat(job(hung).<Integer>get("spec", "activeDeadlineSeconds")).isEqualTo(15);
    // Kubernetes' Job controller stops it at its deadline: nothing of the task keeps running
    kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).withName(hung)
        .waitUntilCondition(j -> j != null && j.getAdditionalProperties().get("status") instanceof Map<?, ?> status
            && String.valueOf(status.get("conditions")).contains("DeadlineExceeded"), 120, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a Tutor setting change (LMS_HOST) writes only the Deployments whose rendered object it changes; the others get no write at all")
  void settingChangeRollsOnlyWhatItChanges() throws Exception {
    assertThat(deploy("build-1").exitCode()).isZero();
    Map<String, String> digests = deploymentDigests();
    Map<String, Long> generations = deploymentGenerations();
    int writes = kube.writes().size();
    setLmsHost("courses.acme.example");
    commit("LMS_HOST");

    StepRun run = deploy("build-2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, String> after = deploymentDigests();
    assertThat(after.keySet()).isEqualTo(digests.keySet());
    List<String> changed = after.keySet().stream().filter(n -> !after.get(n).equals(digests.get(n))).sorted().toList();
    assertThat(changed).contains("lms", "cms").doesNotContain("mysql", "redis", "mongodb", "meilisearch", "smtp");
    List<String> written = kube.writes().subList(writes, kube.writes().size()).stream()
        .filter(w -> w.resource().equals("deployments") && !w.dryRun() && (w.subresource() == null || w.subresource().isEmpty()))
        .map(KubeCluster.Write::name).distinct().sorted().toList();
    assertThat(written).as("Deployments written").isEqualTo(changed);
    Map<String, Long> generationsAfter = deploymentGenerations();
    for (String name : digests.keySet()) {
      if (changed.contains(name)) {
        assertThat(generationsAfter.get(name)).as(name).isGreaterThan(generations.get(name));
      } else {
        assertThat(generationsAfter.get(name)).as(name).isEqualTo(generations.get(name));
      }
    }
  }

  private Map<String, String> deploymentDigests() {
    Map<String, String> digests = new java.util.TreeMap<>();
    kube.client().apps().deployments().inNamespace(kube.namespace()).list().getItems().forEach(d -> digests.put(
        d.getMetadata().getName(), d.getMetadata().getAnnotations().get(io.lanes.steps.kube.ObjectDigest.ANNOTATION)));
    return digests;
  }

  private Map<String, Long> deploymentGenerations() {
    Map<String, Long> generations = new java.util.TreeMap<>();
    kube.client().apps().deployments().inNamespace(kube.namespace()).list().getItems()
        .forEach(d -> generations.put(d.getMetadata().getName(), d.getMetadata().getGeneration()));
    return generations;
  }
}
