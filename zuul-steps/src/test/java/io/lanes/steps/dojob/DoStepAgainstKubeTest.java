package io.lanes.steps.dojob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("do runs Tutor's do jobs (real Tutor 22) as Jobs in a deployed platform's namespace on the real control plane")
class DoStepAgainstKubeTest {
  private static final String CANARY = "canary-Pw-7d1f0c93";
  private static final int DEADLINE = 90;

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Path project;

  @BeforeEach
  void setUp() {
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    return environment;
  }

  private StepRun step(Map<String, String> environment, String step, String... more) {
    List<String> args = new ArrayList<>(List.of(step, "--config", project.resolve("lanes.config").toString(),
        "--platform", "acme", "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(),
        "--poll-interval", "200", "--rollout-timeout", Integer.toString(DEADLINE),
        "--result", dir.resolve(step + "-result.json").toString()));
    args.addAll(List.of(more));
    return StepRun.withEnvironment(environment, args.toArray(String[]::new));
  }

  private void deploy() {
    StepRun run = step(environment(), "deploy", "--holder", "build-1");
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private List<String> jobsCreated() {
    return kube.writes().stream()
        .filter(w -> w.verb().equals("create") && w.resource().equals("jobs"))
        .map(KubeCluster.Write::name)
        .toList();
  }

  private List<GenericKubernetesResource> doJobs() {
    return kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace())
        .withLabel(DoJobs.LABEL_DO_OF, "acme").list().getItems();
  }

  private ConfigMap record(int number) {
    return kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-do-acme-" + number).get();
  }

  @Test
  @DisplayName("settheme runs Tutor's script in lms-job (sh -e -c) with the deadline, and the run is recorded")
  void setthemeRunsTutorsScript() throws IOException {
    deploy();

    StepRun run = step(environment(), "do", "settheme", "--domain", "learn.acme.example", "mytheme");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("do settheme: 1 tasks, recorded as ConfigMap/lanes-do-acme-1");
    List<GenericKubernetesResource> jobs = doJobs();
    assertThat(jobs).hasSize(1);
    GenericKubernetesResource job = jobs.get(0);
    assertThat(job.getMetadata().getName()).startsWith("lms-job-do-01-");
    Map<String, Object> container = job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
    assertThat(container.get("name")).isEqualTo("lms");
    @SuppressWarnings("unchecked")
    List<String> args = (List<String>) container.get("args");
    assertThat(args.subList(0, 3)).containsExactly("sh", "-e", "-c");
    assertThat(args.get(3)).contains("assign_theme('mytheme', 'learn.acme.example')")
        .doesNotContain("studio.").doesNotContain("{{");
    assertThat(job.<Integer>get("spec", "activeDeadlineSeconds")).isEqualTo(DEADLINE);
    assertThat(job.<Integer>get("status", "succeeded")).isEqualTo(1);
    assertThat(job.getMetadata().getAnnotations()).containsEntry(DoJobs.ANNOTATION_JOB, "settheme");
    assertThat(job.getMetadata().getLabels()).doesNotContainKey("lanes.io/platform");
    ConfigMap record = record(1);
    assertThat(record.getData()).containsEntry("job", "settheme").containsEntry("result", "succeeded")
        .containsEntry("release", "1").containsEntry("args", "[\"--domain\",\"learn.acme.example\",\"mytheme\"]");
    assertThat(record.getData().get("tasks")).startsWith("01-lms " + job.getMetadata().getName() + " succeeded");
    String result = Files.readString(dir.resolve("do-result.json"));
    assertThat(result).contains("\"job\" : \"settheme\"").contains("\"outcome\" : \"succeeded\"");
  }

  @Test
  @DisplayName("createuser's password comes from a file, reaches the Job through a Secret deleted afterwards, and is in no output, result, record or Job")
  void createuserPasswordStaysSecret() throws IOException {
    deploy();
    Path password = Files.writeString(dir.resolve("password"), CANARY + "\n");

    StepRun run = step(environment(), "do", "createuser", "--staff", "--password-file", password.toString(),
        "admin", "admin@acme.example");

    assertThat(run.exitCode()).as(run.err()).isZero();
    GenericKubernetesResource job = doJobs().get(0);
    Map<String, Object> container = job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
    assertThat(container.get("args")).isEqualTo(List.of("sh", "-e", "-c", "eval \"$LANES_DO_SCRIPT\""));
    assertThat(container.get("env")).asList().contains(Map.of("name", "LANES_DO_SCRIPT", "valueFrom",
        Map.of("secretKeyRef", Map.of("name", job.getMetadata().getName(), "key", "script"))));
    // the Secret was created before the Job and is gone after it
    assertThat(kube.writes().stream().filter(w -> w.resource().equals("secrets")).map(w -> w.verb() + " " + w.name()))
        .contains("create " + job.getMetadata().getName(), "delete " + job.getMetadata().getName());
    assertThat(kube.client().secrets().inNamespace(kube.namespace()).withName(job.getMetadata().getName()).get()).isNull();
    String everything = run.out() + run.err() + Files.readString(dir.resolve("do-result.json"))
        + Serialization.asJson(kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).list())
        + Serialization.asJson(kube.client().configMaps().inNamespace(kube.namespace()).list());
    assertThat(everything).doesNotContain(CANARY).contains("--password-file");
    assertThat(record(1).getData().get("args")).contains("--password-file", password.toString());
  }

  @Test
  @DisplayName("the password from an environment variable works the same; on the command line it is refused, exit 2, nothing run")
  void passwordFromEnvOrRefused() {
    deploy();
    int before = jobsCreated().size();

    StepRun argv = step(environment(), "do", "createuser", "--password", CANARY, "admin", "admin@acme.example");

    assertThat(argv.exitCode()).isEqualTo(2);
    assertThat(argv.err()).contains("do createuser: --password is secret: give it with --password-file FILE or"
        + " --password-env VAR").doesNotContain(CANARY);
    assertThat(jobsCreated()).hasSize(before);

    Map<String, String> environment = environment();
    environment.put("ADMIN_PASSWORD", CANARY);
    StepRun env = step(environment, "do", "createuser", "--password-env", "ADMIN_PASSWORD", "admin", "admin@acme.example");

    assertThat(env.exitCode()).as(env.err()).isZero();
    assertThat(env.out() + env.err()).doesNotContain(CANARY);
    assertThat(jobsCreated()).hasSize(before + 1);
  }

  @Test
  @DisplayName("an unknown job or option is exit 2 naming it and listing the known ones; Tutor's own usage errors too; nothing runs")
  void unknownJobOrOption() {
    deploy();
    int before = jobsCreated().size();

    StepRun job = step(environment(), "do", "createusr", "admin");
    StepRun option = step(environment(), "do", "importdemocourse", "--branch", "main");
    StepRun missing = step(environment(), "do", "settheme");

    assertThat(job.exitCode()).isEqualTo(2);
    assertThat(job.err()).contains("do job \"createusr\" is not defined by Tutor or an enabled plugin (defined: ")
        .contains("createuser, ").contains("importdemocourse").contains("settheme");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).contains("do importdemocourse: unknown option --branch (options: -r/--repo VALUE,");
    assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err()).contains("do settheme: Missing argument 'THEME_NAME'");
    assertThat(jobsCreated()).hasSize(before);
  }

  @Test
  @DisplayName("a do job waits for deploy's lock: while another holder has it, do fails without creating a Job")
  void waitsForTheDeployLock() {
    deploy();
    int before = jobsCreated().size();
    kube.client().leases().inNamespace(kube.namespace()).withName("lanes-deploy").delete();
    kube.client().leases().inNamespace(kube.namespace()).resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
        .withNewMetadata().withName("lanes-deploy").endMetadata()
        .withNewSpec().withHolderIdentity("another-deploy").withLeaseDurationSeconds(600)
        .withRenewTime(java.time.ZonedDateTime.now()).withAcquireTime(java.time.ZonedDateTime.now()).endSpec().build()).create();

    StepRun run = step(environment(), "do", "--lock-wait", "1", "settheme", "mytheme");

    assertThat(run.exitCode()).as(run.err()).isNotZero();
    assertThat(run.err()).contains("another-deploy");
    assertThat(jobsCreated()).hasSize(before);
  }

  @Test
  @DisplayName("before any deploy, do refuses: exit 2, no release to run in")
  void refusesBeforeADeploy() {
    StepRun run = step(environment(), "do", "settheme", "mytheme");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("platform acme has no release recorded in namespace " + kube.namespace());
  }

  /**
   * Runs {@code do lanestest-hang --token-file TOKEN} (test plugin lanestest_do: its task never ends) as the CLI in
   * a JVM of its own and kills it (SIGKILL: no finally block runs) once its task's Job runs with the script Secret
   * owned by it; that Secret.
   */
  private Secret killedWhileRunning(Path token) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "-cp", System.getProperty("java.class.path"), "io.lanes.steps.cli.Main", "do",
        "--config", project.resolve("lanes.config").toString(), "--platform", "acme", "--tutor-root", project.toString(),
        "--kubeconfig", kube.kubeconfig().toString(), "--poll-interval", "200", "--rollout-timeout", "300",
        "--holder", "build-killed", "lanestest-hang", "--token-file", token.toString()));
    Path output = dir.resolve("killed-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("PATH", environment().get("PATH"));
    Process process = builder.start();
    try {
      Instant until = Instant.now().plusSeconds(240);
      while (true) {
        if (!process.isAlive()) {
          throw new AssertionError("do lanestest-hang ended (exit " + process.exitValue() + ") before it was killed: "
              + Files.readString(output));
        }
        List<Secret> secrets = kube.client().secrets().inNamespace(kube.namespace())
            .withLabel(DoJobs.LABEL_DO_OF, "acme").list().getItems();
        if (!secrets.isEmpty() && !secrets.get(0).getMetadata().getOwnerReferences().isEmpty()) {
          GenericKubernetesResource job = kube.client().genericKubernetesResources("batch/v1", "Job")
              .inNamespace(kube.namespace()).withName(secrets.get(0).getMetadata().getName()).get();
          if (job != null && job.getAdditionalProperties().get("status") instanceof Map<?, ?> status
              && status.get("active") instanceof Number active && active.intValue() > 0) {
            process.destroyForcibly().waitFor();
            return kube.client().resource(secrets.get(0)).get();
          }
        }
        if (Instant.now().isAfter(until)) {
          throw new AssertionError("no running task with its Secret within 240 s: " + Files.readString(output));
        }
        Thread.sleep(100);
      }
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("a do run killed while its task runs leaves its script Secret owned by the task's Job: the garbage collector deletes it with the Job, and the next do run of any job deletes one still there")
  void killedRunLeavesNoSecretBehind() throws Exception {
    RealTutor.enableTestPlugin(project, "lanestest_do");
    RealTutor.commit(project, "the test plugin's do jobs");
    deploy();
    Path token = Files.writeString(dir.resolve("token"), CANARY + "\n");

    Secret left = killedWhileRunning(token);

    assertThat(left).isNotNull();
    String name = left.getMetadata().getName();
    assertThat(name).startsWith("lanestest-dohang-job-do-01-");
    GenericKubernetesResource job = kube.client().genericKubernetesResources("batch/v1", "Job")
        .inNamespace(kube.namespace()).withName(name).get();
    assertThat(left.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("Job");
      assertThat(owner.getName()).isEqualTo(name);
      assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid());
    });
    // the Job goes (its ttlSecondsAfterFinished, or an operator): Kubernetes' garbage collector takes the Secret
    kube.client().resource(job).delete();
    kube.client().secrets().inNamespace(kube.namespace()).withName(name)
        .waitUntilCondition(java.util.Objects::isNull, 120, java.util.concurrent.TimeUnit.SECONDS);
    kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).withName(name)
        .waitUntilCondition(java.util.Objects::isNull, 120, java.util.concurrent.TimeUnit.SECONDS);

    Secret again = killedWhileRunning(token);
    assertThat(again).isNotNull();
    // the lock the killed run held expires after its TTL: take it over at once
    kube.client().leases().inNamespace(kube.namespace()).withName("lanes-deploy").delete();

    StepRun next = step(environment(), "do", "lanestest-fail");

    // a failing do task: exit 1 naming it, recorded as failed; and the killed run's Secret is gone
    assertThat(next.exitCode()).as(next.err()).isEqualTo(1);
    assertThat(next.err()).contains("do: deleting Secret/" + name + ", left by a do run that was stopped before it ended")
        .contains("do lanestest-fail task 1 (in lanestest-doexit-job): init jobs: Job/lanestest-doexit-job-do-01-")
        .doesNotContain(CANARY);
    assertThat(kube.client().secrets().inNamespace(kube.namespace()).withName(name).get()).isNull();
    ConfigMap record = kube.client().configMaps().inNamespace(kube.namespace()).withLabel(DoJobs.LABEL_DO_OF, "acme")
        .list().getItems().stream().filter(c -> "lanestest-fail".equals(c.getData().get("job"))).findFirst().orElseThrow();
    assertThat(record.getData()).containsEntry("result", "failed");
    assertThat(record.getData().get("tasks").strip()).startsWith("01-lanestest-doexit lanestest-doexit-job-do-01-").endsWith(" failed");
  }
}
