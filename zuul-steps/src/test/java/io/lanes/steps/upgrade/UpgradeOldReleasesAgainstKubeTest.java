package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import io.lanes.steps.tutor.TutorUpgrades;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("upgrades from maple and lilac, as the real Tutor 22 plans them, on the real control plane (kwok runs no container: the Job objects, their scripts and order are asserted)")
class UpgradeOldReleasesAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Path project;
  private Map<String, String> environment;
  private Target target;
  private ReleaseSource source;
  private String commit;
  private DesiredRelease desired;
  private final StringWriter log = new StringWriter();

  private static DeploySettings settings() {
    return new DeploySettings("build-upgrade", Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Duration.ofSeconds(600), Duration.ofMillis(200), 8, false, false, 10);
  }

  /** The sample platform with {@code settings} added to its config.yml, deployed as release 1. */
  private void release1(String settings) {
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace(), settings);
    environment = Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    String config = project.resolve("lanes.config").toString();
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    target = map.target(map.platform("acme").orElseThrow());
    source = new ReleaseSource(Kustomize.locate(Optional.empty(), environment), target, project, List.of(), environment,
        Duration.ofSeconds(90), new PrintWriter(new StringWriter(), true));
    commit = source.headCommit();
    desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
    assertThat(new Deployer(stepClient(), target, settings(), Clock.systemUTC(), new PrintWriter(new StringWriter(), true),
        DeployProbe.NONE).deploy(desired, Optional.empty(), Optional.empty(), Optional.empty()).failure()).isEmpty();
  }

  private KubernetesClient stepClient() {
    return KubeOptions.client(KubeOptions.fromKubeconfig(kube.kubeconfig()));
  }

  private TutorUpgrades.Plan plan(String from) {
    TutorUpgrades.Plan plan = TutorUpgrades.plan(project, environment, from);
    UpgradeDecision.check(plan);
    return plan;
  }

  private Upgrader.Outcome upgrade(TutorUpgrades.Plan plan, Consumer<String> probe) {
    return new Upgrader(stepClient(), target, settings(), Clock.systemUTC(), new PrintWriter(log, true), probe::accept)
        .upgrade(plan, source.templatesAt(commit, "latest-acme", Map.of(), new ArrayList<>()), desired,
            new ReleaseRecord.Upgrade(plan.from(), plan.to(), "20261205T000000Z"),
            r -> source.at(r.commit(), r.imageTag(), r.images(), new ArrayList<>()));
  }

  private List<String> jobsCreated() {
    return kube.writes().stream().filter(w -> w.verb().equals("create") && w.resource().equals("jobs"))
        .map(KubeCluster.Write::name).toList();
  }

  private GenericKubernetesResource job(String name) {
    return kube.client().genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).withName(name).get();
  }

  private Object args(String job) {
    return HopPlanTest.container(job(job)).get("args");
  }

  private int replicas(String deployment) {
    return kube.client().apps().deployments().inNamespace(kube.namespace()).withName(deployment).get().getSpec()
        .getReplicas();
  }

  @Test
  @DisplayName("from maple: maple's seven commands in lms and cms, nutmeg's task, olive's ora2 rename, then the hops, each database started again at the new release after its last hop, then redwood's task: one Job each, in Tutor's order; Tutor's apply of lms and cms not taken, mysql waited for")
  void fromMaple() {
    release1("");
    TutorUpgrades.Plan plan = plan("maple");
    int before = jobsCreated().size();
    int writesBefore = kube.writes().size();
    List<String> steps = new ArrayList<>();
    List<Integer> writesAtDeploy = new ArrayList<>();
    Map<String, List<Integer>> databases = new LinkedHashMap<>();

    Upgrader.Outcome outcome = upgrade(plan, step -> {
      steps.add(step);
      if (step.equals("upgrade tasks")) {
        writesAtDeploy.add(kube.writes().size());
      }
      if (!step.equals("lock") && !step.startsWith("apply") && !step.startsWith("wait")) {
        databases.computeIfAbsent(step, s -> new ArrayList<>()).addAll(List.of(replicas("mysql"), replicas("mongodb")));
      }
    });

    assertThat(outcome.deploy().failure()).isEmpty();
    List<String> created = jobsCreated().subList(before, jobsCreated().size());
    assertThat(created.subList(0, 16)).satisfiesExactly(
        n -> assertThat(n).matches("lms-command-01-[0-9a-f]{10}"),
        n -> assertThat(n).matches("lms-command-02-[0-9a-f]{10}"),
        n -> assertThat(n).matches("cms-command-03-[0-9a-f]{10}"),
        n -> assertThat(n).matches("cms-command-04-[0-9a-f]{10}"),
        n -> assertThat(n).matches("cms-command-05-[0-9a-f]{10}"),
        n -> assertThat(n).matches("cms-command-06-[0-9a-f]{10}"),
        n -> assertThat(n).matches("cms-command-07-[0-9a-f]{10}"),
        n -> assertThat(n).startsWith("lms-job-01-"),
        n -> assertThat(n).matches("lms-command-08-[0-9a-f]{10}"),
        n -> assertThat(n).startsWith("mongodb-hop-01-"),
        n -> assertThat(n).startsWith("mongodb-hop-02-"),
        n -> assertThat(n).startsWith("mysql-hop-03-"),
        n -> assertThat(n).startsWith("mongodb-hop-04-"),
        n -> assertThat(n).startsWith("mongodb-hop-05-"),
        n -> assertThat(n).startsWith("mongodb-hop-06-"),
        n -> assertThat(n).startsWith("lms-job-02-"));
    // Tutor's scripts, as Tutor's kubectl exec runs them: sh -e -c in the new release's lms and cms
    assertThat(args(created.get(0))).isEqualTo(List.of("./manage.py lms migrate user_tours"));
    assertThat(args(created.get(1))).isEqualTo(List.of("./manage.py lms backpopulate_user_tours"));
    assertThat(List.of(args(created.get(2)), args(created.get(3)), args(created.get(4)), args(created.get(5)),
        args(created.get(6)))).containsExactly(List.of("./manage.py cms migrate contentstore"),
        List.of("./manage.py cms migrate split_modulestore_django"), List.of("./manage.py cms backfill_course_tabs"),
        List.of("./manage.py cms migrate course_overviews"), List.of("./manage.py cms simulate_publish"));
    assertThat(args(created.get(7)).toString()).contains("./manage.py lms compute_grades -v1 --all_courses");
    assertThat(args(created.get(8)).toString())
        .contains("mv '/openedx/data/ora2/SET-ME-PLEASE (ex. bucket-name)' /openedx/data/ora2/openedxuploads");
    GenericKubernetesResource cms = job(created.get(4));
    assertThat(HopPlanTest.container(cms).get("image")).isEqualTo(HopPlanTest.container(desiredDeployment("cms"))
        .get("image"));
    assertThat(HopPlanTest.container(cms).get("command")).isEqualTo(List.of("sh", "-e", "-c"));
    // the Deployment's volumes (the server adds its defaults to the Job's)
    assertThat(cms.<List<Map<String, Object>>>get("spec", "template", "spec", "volumes")).extracting(v -> v.get("name"))
        .containsExactlyElementsOf(desiredDeployment("cms").<List<Map<String, Object>>>get("spec", "template", "spec",
            "volumes").stream().map(v -> v.get("name")).toList());
    assertThat(cms.<Object>get("spec", "activeDeadlineSeconds")).isEqualTo(60);
    assertThat(cms.<Object>get("status", "succeeded")).isEqualTo(1);
    assertThat(cms.getMetadata().getAnnotations()).containsEntry(CommandPlan.ANNOTATION_COMMAND, "5 cms from maple");
    // the databases were up for every command and task: live before their hops, started again after their last
    assertThat(databases.get("command")).containsOnly(1);
    assertThat(steps).containsSubsequence("command", "hop", "hop", "hop", "started mysql", "hop", "hop", "hop",
        "started mongodb", "upgrade tasks");
    assertThat(databases.get("started mongodb")).containsExactly(1, 1);
    // Tutor's kubectl apply of lms and cms is not taken: before the deploy, nothing of the upgrade wrote them
    assertThat(kube.writes().subList(writesBefore, writesAtDeploy.get(0))).noneMatch(w -> w.resource().equals("deployments")
        && List.of("lms", "cms").contains(w.name()));
    assertThat(outcome.commands()).isEqualTo(8);
    assertThat(outcome.tasks()).isEqualTo(2);
    assertThat(outcome.hops()).hasSize(6);
    assertThat(outcome.deleted()).isEmpty();
    assertThat(log.toString()).contains("upgrade command 1 (in lms, Job/" + created.get(0) + "): Tutor's kubectl exec"
        + " in lms, as a Job of the new release's Deployment/lms");
  }

  @Test
  @DisplayName("from lilac with the databases outside (RUN_MYSQL, RUN_MONGODB false): under the lock and before any command, the platform's Deployments and Services are deleted by the API but the load balancer; volumes stay; then maple's and olive's commands and the tasks run as Jobs; the deploy creates them all again")
  void fromLilacDeletes() {
    release1("RUN_MONGODB: false\nRUN_MYSQL: false\n");
    TutorUpgrades.Plan plan = plan("lilac");
    List<String> deploymentsBefore = platformObjects("Deployment");
    assertThat(deploymentsBefore).contains("lms", "cms", "redis").doesNotContain("mysql", "mongodb");
    int before = jobsCreated().size();
    int writesBefore = kube.writes().size();
    Map<String, List<String>> atDelete = new LinkedHashMap<>();

    Upgrader.Outcome outcome = upgrade(plan, step -> {
      if (step.equals("delete")) {
        atDelete.put("Deployment", platformObjects("Deployment"));
        atDelete.put("Service", platformObjects("Service"));
        atDelete.put("PersistentVolumeClaim", platformObjects("PersistentVolumeClaim"));
      }
    });

    assertThat(outcome.deploy().failure()).isEmpty();
    assertThat(outcome.deleted()).contains("Deployment/lms", "Deployment/cms", "Service/lms", "Service/redis")
        .doesNotContain("Service/caddy");
    assertThat(outcome.deleted()).filteredOn(d -> d.startsWith("Deployment/"))
        .hasSameSizeAs(deploymentsBefore);
    assertThat(atDelete.get("Deployment")).isEmpty();
    assertThat(atDelete.get("Service")).containsExactly("caddy");
    assertThat(atDelete.get("PersistentVolumeClaim")).contains("caddy", "redis", "meilisearch");
    // the deletes after the lock was taken and before the first command's Job
    List<KubeCluster.Write> writes = kube.writes().subList(writesBefore, kube.writes().size());
    int lease = indexOf(writes, w -> w.resource().equals("leases"));
    int firstDelete = indexOf(writes, w -> w.verb().equals("delete") && w.resource().equals("deployments"));
    int firstCommand = indexOf(writes, w -> w.verb().equals("create") && w.resource().equals("jobs"));
    assertThat(lease).isNotNegative().isLessThan(firstDelete);
    assertThat(firstDelete).isLessThan(firstCommand);
    List<String> created = jobsCreated().subList(before, jobsCreated().size());
    assertThat(created.subList(0, 10)).satisfiesExactly(
        n -> assertThat(n).startsWith("lms-command-01-"), n -> assertThat(n).startsWith("lms-command-02-"),
        n -> assertThat(n).startsWith("cms-command-03-"), n -> assertThat(n).startsWith("cms-command-04-"),
        n -> assertThat(n).startsWith("cms-command-05-"), n -> assertThat(n).startsWith("cms-command-06-"),
        n -> assertThat(n).startsWith("cms-command-07-"), n -> assertThat(n).startsWith("lms-job-01-"),
        n -> assertThat(n).startsWith("lms-command-08-"), n -> assertThat(n).startsWith("lms-job-02-"));
    assertThat(outcome.hops()).isEmpty();
    assertThat(outcome.warnings()).anyMatch(w -> w.contains("RUN_MYSQL=false"));
    // the deploy created them again
    assertThat(platformObjects("Deployment")).containsExactlyInAnyOrderElementsOf(deploymentsBefore);
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("lms").get().getStatus()
        .getReadyReplicas()).isEqualTo(1);
  }

  private static int indexOf(List<KubeCluster.Write> writes, java.util.function.Predicate<KubeCluster.Write> what) {
    for (int i = 0; i < writes.size(); i++) {
      if (what.test(writes.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The live objects of {@code kind} deploy applied for the platform (prune's labels), not being deleted. */
  private List<String> platformObjects(String kind) {
    String apiVersion = kind.equals("Deployment") ? "apps/v1" : "v1";
    return kube.client().genericKubernetesResources(apiVersion, kind).inNamespace(kube.namespace())
        .withLabel(LaneNames.LABEL_PLATFORM, "acme").list().getItems().stream()
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .map(o -> o.getMetadata().getName()).sorted().toList();
  }

  private GenericKubernetesResource desiredDeployment(String name) {
    return desired.objects().stream().filter(o -> "Deployment".equals(o.getKind()) && o.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }
}
