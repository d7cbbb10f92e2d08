package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.steps.StepRun;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.Registries;
import io.lanes.steps.testing.kube.BackedUpPlatform;
import io.lanes.steps.testing.kube.KubeCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("upgrade across Open edX releases (real Tutor 22, real control plane, real Ceph RGW, MariaDB and FerretDB for the backup, real docker-registry for the hops' images)")
class UpgradeStepAgainstKubeTest {
  /** The platform's MongoDB repository (the sample's DOCKER_IMAGE_MONGODB) in the registry. */
  private static final String MONGO = "acme/mongo";

  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private Map<String, String> mariadb;
  private Path project;
  private Map<String, String> environment;
  private String registryUrl;
  private RegistryClient registry;

  @BeforeEach
  void setUp() throws Exception {
    BackedUpPlatform platform = new BackedUpPlatform(kube, dir, "lanes-upgrade", "");
    mariadb = platform.mariadb;
    project = platform.project;
    environment = platform.environment;
    LocalService.start("swift");
    registryUrl = LocalService.start("registry").get("REGISTRY_URL");
    registry = new RegistryClient(registryUrl, Duration.ofSeconds(30));
    Registries.waitUntilAnswers(registry);
  }

  private StepRun step(String step, String... more) {
    List<String> args = new ArrayList<>(List.of(step, "--config", project.resolve("lanes.config").toString(),
        "--platform", "acme", "--tutor-root", project.toString(), "--kubeconfig", kube.kubeconfig().toString(),
        "--poll-interval", "200", "--rollout-timeout", "90", "--result", dir.resolve(step + ".json").toString()));
    if (step.equals("upgrade") && !List.of(more).contains("--registry-url")) {
      // the sample's images are localhost:5000/acme/...: the registry service serves them here
      args.addAll(List.of("--registry-url", registryUrl));
    }
    args.addAll(List.of(more));
    return StepRun.withEnvironment(environment, args.toArray(String[]::new));
  }

  /** The registry holds exactly these of quince's MongoDB hop images (the platform's mirror). */
  private void mirrored(String... tags) {
    for (String tag : List.of("5.0.26", "6.0.14", "7.0.28")) {
      Registries.deleteImage(registry, MONGO, tag);
    }
    for (String tag : tags) {
      Registries.putImage(registry, MONGO, tag);
    }
  }

  private int mongodbReplicas() {
    return kube.client().apps().deployments().inNamespace(kube.namespace()).withName("mongodb").get().getSpec()
        .getReplicas();
  }

  private StepRun backupRun() {
    return StepRun.withEnvironment(environment, "backup", "run", "--config", project.resolve("lanes.config").toString(),
        "--platform", "acme", "--mysql-host", "127.0.0.1", "--mysql-port", mariadb.get("MARIADB_PORT"),
        "--mongodb-uri-env", "MONGODB_URI");
  }

  private List<String> jobsCreated() {
    return kube.writes().stream().filter(w -> w.verb().equals("create") && w.resource().equals("jobs"))
        .map(KubeCluster.Write::name).toList();
  }

  private ConfigMap release(int number) {
    return kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-" + number).get();
  }

  @Test
  @DisplayName("a deploy to another Open edX release than the namespace runs is refused (exit 2, run upgrade); without a backup the upgrade is refused (exit 3) with the commands to run, before any Job or release")
  void refusedWithoutABackup() {
    assertThat(step("deploy").exitCode()).isZero();
    assertThat(release(1).getData()).containsEntry("openedxRelease", "verawood");
    int jobs = jobsCreated().size();
    // the namespace runs ulmo, as if release 1 had been deployed by Tutor 21
    kube.client().configMaps().inNamespace(kube.namespace()).withName("lanes-release-acme-1")
        .edit(c -> { c.getData().put("openedxRelease", "ulmo"); return c; });

    StepRun deploy = step("deploy");

    assertThat(deploy.exitCode()).as(deploy.err()).isEqualTo(2);
    assertThat(deploy.err()).contains("the env deploys Open edX verawood, the namespace runs ulmo (release 1): that is"
        + " an upgrade, run: zuul-steps upgrade --from ulmo");

    StepRun run = step("upgrade", "--from", "redwood");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("platform acme has no complete backup; take a backup and verify it first:")
        .contains("kubectl -n " + kube.namespace() + " create job --from=cronjob/lanes-backup-acme lanes-backup-acme-pre-upgrade")
        .contains("zuul-steps restore --config lanes.config --platform acme --dry-run");
    assertThat(jobsCreated()).hasSize(jobs);
    assertThat(release(2)).isNull();
  }

  @Test
  @DisplayName("from quince, before anything stops or the backup gate: a hop image the registry lacks is refused (exit 2) listing each with the skopeo copy that mirrors it; an unreachable registry is exit 1 naming --no-image-check; with every image, the backup gate refuses (exit 3); no Job, Deployment/mongodb untouched throughout")
  void hopImagesAndBackupGate() {
    assertThat(step("deploy").exitCode()).isZero();
    int jobs = jobsCreated().size();
    mirrored("5.0.26");

    StepRun missing = step("upgrade", "--from", "quince");

    assertThat(missing.exitCode()).as(missing.err()).isEqualTo(2);
    assertThat(missing.err())
        .contains("upgrade from quince: 2 database hop image(s) not in the registry (the platform mirrors each"
            + " intermediate version it passes); nothing was stopped:\n"
            + "  - localhost:5000/acme/mongo:6.0.14 (hop 2 (mongodb-6.0.14, Job/mongodb-hop-02-")
        .contains("): skopeo copy --dest-tls-verify=false docker://docker.io/library/mongo:6.0.14"
            + " docker://localhost:5000/acme/mongo:6.0.14\n  - localhost:5000/acme/mongo:7.0.28 (hop 3")
        .contains("docker://docker.io/library/mongo:7.0.28 docker://localhost:5000/acme/mongo:7.0.28\n"
            + "Mirror them, then upgrade again.")
        .doesNotContain("mongo:5.0.26").doesNotContain("no complete backup").doesNotContain("verifying");

    StepRun unreachable = step("upgrade", "--from", "quince", "--registry-url", "http://127.0.0.1:1");

    assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(1);
    assertThat(unreachable.err()).contains("upgrade: cannot check the hop image localhost:5000/acme/mongo:5.0.26"
        + " (nothing was stopped; --no-image-check skips this check): registry http://127.0.0.1:1 unreachable");

    StepRun unchecked = step("upgrade", "--from", "quince", "--registry-url", "http://127.0.0.1:1", "--no-image-check");

    assertThat(unchecked.exitCode()).as(unchecked.err()).isEqualTo(3);
    assertThat(unchecked.err()).contains("platform acme has no complete backup");

    mirrored("5.0.26", "6.0.14", "7.0.28");
    StepRun run = step("upgrade", "--from", "quince");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
    assertThat(run.err()).contains("platform acme has no complete backup").doesNotContain("not in the registry");
    assertThat(jobsCreated()).hasSize(jobs);
    assertThat(kube.writes()).noneMatch(w -> w.uri().contains("fieldManager=" + HopRunner.FIELD_MANAGER));
    assertThat(mongodbReplicas()).isEqualTo(1);
  }

  @Test
  @DisplayName("from lilac, what Lanes cannot run as Tutor would is refused, exit 2, each step named, before the image check and the gate")
  void lilacRefused() {
    assertThat(step("deploy").exitCode()).isZero();

    StepRun lilac = step("upgrade", "--from", "lilac");

    assertThat(lilac.exitCode()).as(lilac.err()).isEqualTo(2);
    assertThat(lilac.err()).contains("upgrade from lilac to verawood")
        .contains("step(s) Lanes does not run; nothing was done:\n  - Tutor starts the new release's mysql here")
        .contains("Tutor's command ./manage.py cms backfill_course_tabs (kubectl exec in cms) needs the databases")
        .doesNotContain("no complete backup").doesNotContain("not in the registry");
  }

  @Test
  @DisplayName("from quince with a fresh backup: Tutor's three MongoDB hops as Jobs (the platform's mongo at 5.0.26, 6.0.14, 7.0.28), then its task, then the deploy; the hops in the release and the result")
  void quinceHops() throws Exception {
    assertThat(step("deploy").exitCode()).isZero();
    StepRun backup = backupRun();
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    mirrored("5.0.26", "6.0.14", "7.0.28");
    int jobs = jobsCreated().size();

    StepRun run = step("upgrade", "--from", "quince");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> created = jobsCreated().subList(jobs, jobsCreated().size());
    assertThat(created.subList(0, 4)).satisfiesExactly(
        n -> assertThat(n).startsWith("mongodb-hop-01-"), n -> assertThat(n).startsWith("mongodb-hop-02-"),
        n -> assertThat(n).startsWith("mongodb-hop-03-"), n -> assertThat(n).startsWith("lms-job-01-"));
    List<String> images = created.subList(0, 3).stream().map(n -> kube.client()
        .genericKubernetesResources("batch/v1", "Job").inNamespace(kube.namespace()).withName(n).get()
        .<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0).get("image").toString()).toList();
    assertThat(images).containsExactly("localhost:5000/acme/mongo:5.0.26", "localhost:5000/acme/mongo:6.0.14",
        "localhost:5000/acme/mongo:7.0.28");
    assertThat(release(2).getData().get("upgradeHops")).startsWith("mongodb-5.0.26 " + created.get(0) + "\n")
        .contains("mongodb-7.0.28 " + created.get(2));
    assertThat(run.out()).contains("upgrade from quince to verawood: 3 database hops, 1 Tutor tasks, 0 Tutor commands, release 2");
    assertThat(java.nio.file.Files.readString(dir.resolve("upgrade.json"))).contains("\"hops\"")
        .contains("mongodb-6.0.14 " + created.get(1));
    assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("mongodb").get().getSpec()
        .getReplicas()).isEqualTo(1);
  }

  @Test
  @DisplayName("with a fresh backup, verified: Tutor's upgrade task runs as a Job, the deploy records the backup's id, and a rollback across it names that backup")
  void upgradesWithAFreshBackup() {
    assertThat(step("deploy").exitCode()).isZero();
    StepRun backup = backupRun();
    assertThat(backup.exitCode()).as(backup.err()).isZero();
    String id = backup.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    int jobs = jobsCreated().size();

    StepRun run = step("upgrade", "--from", "redwood");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("verifying").contains("backup " + id + " of platform acme verified");
    List<String> created = jobsCreated().subList(jobs, jobsCreated().size());
    assertThat(created).hasSize(1);
    GenericKubernetesResource job = kube.client().genericKubernetesResources("batch/v1", "Job")
        .inNamespace(kube.namespace()).withName(created.get(0)).get();
    Map<String, Object> container = job.<List<Map<String, Object>>>get("spec", "template", "spec", "containers").get(0);
    assertThat(container.get("args")).isEqualTo(List.of("sh", "-e", "-c",
        "./manage.py lms waffle_flag --create --everyone courseware.enable_navigation_sidebar"));
    assertThat(release(2).getData()).containsEntry("upgradeFrom", "redwood").containsEntry("upgradeTo", "verawood")
        .containsEntry("upgradeBackup", id);
    assertThat(run.out()).contains("upgrade from redwood to verawood: 0 database hops, 1 Tutor tasks, 0 Tutor commands, release 2 recorded with backup " + id);

    StepRun rollback = step("rollback", "--to", "1");

    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.err()).contains("release 1 is from before the upgrade from redwood to verawood (release 2)")
        .contains("the data that matches it is backup " + id);
  }
}
