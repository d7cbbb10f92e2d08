package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("upgrade's database hops as Jobs on the real control plane (kwok runs no container: the objects are asserted, kwok's Stages decide the outcome)")
class UpgradeHopsAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Target target;
  private Platform platform;
  private ReleaseSource source;
  private String commit;
  private DesiredRelease desired;
  private final StringWriter log = new StringWriter();

  private static DeploySettings settings() {
    return new DeploySettings("build-upgrade", Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Duration.ofSeconds(300), Duration.ofMillis(200), 8, false, false, 10);
  }

  @BeforeEach
  void release1() throws Exception {
    Path project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    Map<String, String> environment = Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    String config = project.resolve("lanes.config").toString();
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    platform = map.platform("acme").orElseThrow();
    target = map.target(platform);
    source = new ReleaseSource(Kustomize.locate(Optional.empty(), environment), target, project, List.of(), environment,
        Duration.ofSeconds(90), new PrintWriter(new StringWriter(), true));
    commit = source.headCommit();
    desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
    assertThat(new Deployer(stepClient(), target, settings(), Clock.systemUTC(), new PrintWriter(new StringWriter(), true),
        DeployProbe.NONE).deploy(desired, Optional.empty(), Optional.empty(), Optional.empty()).failure()).isEmpty();
  }

  /** As the step runs: the namespace's ServiceAccount, whose writes {@link KubeCluster#writes} lists. */
  private KubernetesClient stepClient() {
    return KubeOptions.client(KubeOptions.fromKubeconfig(kube.kubeconfig()));
  }

  private Upgrader.Outcome upgrade(TutorUpgrades.Plan plan, DeployProbe probe) {
    return new Upgrader(stepClient(), target, settings(), Clock.systemUTC(), new PrintWriter(log, true), probe)
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> container(GenericKubernetesResource object) {
    return object.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
  }

  private GenericKubernetesResource deploymentOf(String name) {
    return desired.objects().stream().filter(o -> "Deployment".equals(o.getKind()) && o.getMetadata().getName().equals(name))
        .findFirst().orElseThrow();
  }

  private Deployment live(String name) {
    return kube.client().apps().deployments().inNamespace(kube.namespace()).withName(name).get();
  }

  @Test
  @DisplayName("MongoDB then MySQL 8.1.0 then Tutor's task, in Tutor's order, each a Job on the stopped database's volume; the root password only through a Secret (canary), deleted after; each database started again at the new image after its last hop, before the task; the hops in release 2")
  void hopsRunInOrder() {
    container(deploymentOf("mysql")).put("env", List.of(Map.of("name", "MYSQL_ROOT_PASSWORD", "value", HopPlanTest.CANARY)));
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("olive", "verawood", List.of("olive", "palm", "quince", "redwood"),
        List.of(HopPlanTest.mongodb("4.4.22", "4.4", "{\"setFeatureCompatibilityVersion\": \"4.4\"}", "mongo"),
            HopPlanTest.mysql("8.1.0", "start"),
            new UpgradeAction("task", "lms", "./manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar")));
    int before = jobsCreated().size();
    List<String> steps = new ArrayList<>();
    List<Integer> replicasAtHops = new ArrayList<>();

    Upgrader.Outcome outcome = upgrade(plan, step -> {
      steps.add(step);
      if (step.equals("hop")) {
        replicasAtHops.add(live("mongodb").getSpec().getReplicas());
        replicasAtHops.add(live("mysql").getSpec().getReplicas());
      }
    });

    assertThat(outcome.deploy().failure()).isEmpty();
    List<String> created = jobsCreated().subList(before, jobsCreated().size());
    assertThat(created.subList(0, 3)).satisfiesExactly(
        n -> assertThat(n).matches("mongodb-hop-01-[0-9a-f]{10}"),
        n -> assertThat(n).matches("mysql-hop-02-[0-9a-f]{10}"),
        n -> assertThat(n).startsWith("lms-job-01-"));
    GenericKubernetesResource mongo = job(created.get(0));
    assertThat(container(mongo).get("image")).isEqualTo("localhost:5000/acme/mongo:4.4.22");
    assertThat(container(mongo).get("command")).isEqualTo(List.of("sh", "-e", "-c"));
    assertThat(container(mongo).get("args").toString()).contains("setFeatureCompatibilityVersion\": \"4.4\"");
    assertThat(mongo.<Object>get("spec", "template", "spec", "volumes").toString()).contains("claimName=mongodb");
    assertThat(mongo.<Object>get("spec", "activeDeadlineSeconds")).isEqualTo(60);
    assertThat(mongo.<Object>get("status", "succeeded")).isEqualTo(1);
    GenericKubernetesResource mysql = job(created.get(1));
    assertThat(container(mysql).get("image")).isEqualTo("localhost:5000/acme/mysql:8.1.0");
    assertThat(container(mysql).get("env")).isEqualTo(List.of(Map.of("name", "MYSQL_ROOT_PASSWORD",
        "valueFrom", Map.of("secretKeyRef", Map.of("name", created.get(1), "key", "MYSQL_ROOT_PASSWORD")))));
    assertThat(mysql.<Object>get("spec", "template", "spec", "volumes").toString()).contains("claimName=mysql");
    assertThat(kube.writes()).anyMatch(w -> w.verb().equals("create") && w.resource().equals("secrets")
        && w.name().equals(created.get(1)));
    // the canary reached the cluster only in the Secret, which is gone again
    assertThat(new KubernetesSerialization().asJson(mysql)).doesNotContain(HopPlanTest.CANARY);
    assertThat(kube.client().secrets().inNamespace(kube.namespace()).withName(created.get(1)).get()).isNull();
    assertThat(log.toString()).doesNotContain(HopPlanTest.CANARY)
        .contains("Deployment/mongodb stopped (replicas 0)").contains("Deployment/mysql started again");
    assertThat(outcome.report(platform, new ReleaseRecord.Upgrade("olive", "verawood", "x"), List.of()).toString())
        .doesNotContain(HopPlanTest.CANARY);
    // each stopped while its hop ran (the Deployment's pods gone first), started again at the new image right after
    // its last hop: mongodb before MySQL's hop, both before Tutor's task
    assertThat(replicasAtHops).containsExactly(0, 1, 1, 0);
    assertThat(steps).containsSubsequence("hop", "started mongodb", "hop", "started mysql", "upgrade tasks");
    assertThat(live("mongodb").getSpec().getReplicas()).isEqualTo(1);
    assertThat(live("mysql").getSpec().getReplicas()).isEqualTo(1);
    assertThat(live("mongodb").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("localhost:5000/acme/mongo:7.0.39");
    assertThat(live("mongodb").getStatus().getReadyReplicas()).isEqualTo(1);
    // recorded
    assertThat(outcome.hops()).containsExactly("mongodb-4.4.22 " + created.get(0), "mysql-8.1.0 " + created.get(1));
    Map<String, String> record = kube.client().configMaps().inNamespace(kube.namespace())
        .withName("lanes-release-acme-2").get().getData();
    assertThat(record).containsEntry("upgradeHops", "mongodb-4.4.22 " + created.get(0) + "\nmysql-8.1.0 " + created.get(1) + "\n");
    assertThat(ReleaseRecord.fromConfigMap(kube.client().configMaps().inNamespace(kube.namespace())
        .withName("lanes-release-acme-2").get()).upgrade().orElseThrow().hops()).hasSize(2);
  }

  @Test
  @DisplayName("a hop's Job that fails stops the upgrade naming the Job, with nothing further run: no later hop, task or deploy, no release; the database stays stopped; the lock is free")
  void failedHopStops() {
    @SuppressWarnings("unchecked")
    Map<String, Object> podMetadata = deploymentOf("mongodb").<Map<String, Object>>get("spec", "template", "metadata");
    @SuppressWarnings("unchecked")
    Map<String, String> labels = (Map<String, String>) podMetadata.get("labels");
    labels.put("lanes.test/fail", "exit");
    TutorUpgrades.Plan plan = new TutorUpgrades.Plan("quince", "verawood", List.of("quince", "redwood"),
        List.of(HopPlanTest.QUINCE.get(0), HopPlanTest.QUINCE.get(1), HopPlanTest.QUINCE.get(2),
            new UpgradeAction("task", "lms", "./manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar")));
    int before = jobsCreated().size();
    List<String> steps = new ArrayList<>();

    assertThatThrownBy(() -> upgrade(plan, steps::add))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageMatching("(?s)upgrade hop 1 \\(mongodb-5\\.0\\.26, Job/mongodb-hop-01-[0-9a-f]{10}\\): .*")
        .hasMessageContaining("nothing further ran; stopped (replicas 0): Deployment/mongodb")
        .hasMessageContaining("the data from before the upgrade is backup 20261205T000000Z");

    List<String> created = jobsCreated().subList(before, jobsCreated().size());
    assertThat(created).hasSize(1).allMatch(n -> n.startsWith("mongodb-hop-01-"));
    assertThat(steps).doesNotContain("hop", "upgrade tasks", "apply config");
    assertThat(kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-2").get()).isNull();
    assertThat(live("mongodb").getSpec().getReplicas()).isZero();
    assertThat(kube.client().leases().inNamespace(kube.namespace()).withName(DeployLock.NAME).get().getSpec()
        .getHolderIdentity()).isNull();
  }
}
