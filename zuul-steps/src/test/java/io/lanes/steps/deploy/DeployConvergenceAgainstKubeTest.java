package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.testing.RealTutor;
import io.lanes.steps.testing.kube.KubeCluster;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a deploy of the real Tutor sample killed after any step converges when run again (real Tutor 22, real control plane: kube-apiserver, controllers, kwok nodes)")
class DeployConvergenceAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  /** Thrown by the probe where a kill would stop the process: an Error, so no rollback or lock release runs. */
  static final class Killed extends Error {
    Killed(String step) {
      super("killed after " + step);
    }
  }

  private static DeploySettings settings(String holder) {
    return new DeploySettings(holder, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60),
        Duration.ofSeconds(300), Duration.ofMillis(200), 8, false, false, 10);
  }

  private DeployOutcome deploy(Target target, ReleaseSource source, String commit, String holder, DeployProbe probe) {
    DesiredRelease desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
    Deployer deployer = new Deployer(kube.client(), target, settings(holder), Clock.systemUTC(),
        new PrintWriter(new StringWriter(), true), probe);
    return deployer.deploy(desired, Optional.empty(), Optional.empty(),
        Optional.of(r -> source.at(r.commit(), r.imageTag(), r.images(), new ArrayList<>())));
  }

  /** The kustomize patch (Tutor's k8s-override, through the test plugin lanestest_override) setting lms' replicas. */
  private static String lmsReplicas(int replicas) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: lms\nspec:\n  replicas: " + replicas + "\n";
  }

  @Test
  @DisplayName("killed after each step in turn (init tasks included), the next deploy (another build) reaches exactly the release; a disabled plugin's objects are pruned")
  void convergesAfterKillAtEveryStep() {
    Path project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    RealTutor.enableTestPlugin(project, "lanestest_override");
    RealTutor.override(project, lmsReplicas(1));
    RealTutor.commit(project, "the test plugin lanestest_override");
    Map<String, String> environment = Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    String config = project.resolve("lanes.config").toString();
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    Target target = map.target(map.platform("acme").orElseThrow());
    ReleaseSource source = new ReleaseSource(Kustomize.locate(Optional.empty(), environment), target, project, List.of(),
        environment, Duration.ofSeconds(60), new PrintWriter(new StringWriter(), true));
    List<String> steps = new ArrayList<>();
    deploy(target, source, source.headCommit(), "build-first", steps::add);
    assertThat(steps).contains("lock", "apply config", "wait data stores", "init tasks", "wait apps", "record", "prune");
    int round = 0;
    for (String step : steps) {
      round++;
      // each round: a new release (lms' replica count through Tutor's k8s-override patch); every other round with
      // the mfe plugin disabled (its Deployment, Service and ConfigMap are no longer rendered)
      RealTutor.override(project, lmsReplicas(round + 1));
      boolean dropped = round % 2 == 1;
      if (dropped) {
        RealTutor.disablePlugin(project, "mfe");
      }
      String commit = RealTutor.commit(project, "round " + round);
      String killed = "build-killed-" + round;
      String at = step;
      assertThatThrownBy(() -> deploy(target, source, commit, killed, s -> {
        if (s.equals(at)) {
          throw new Killed(s);
        }
      })).isInstanceOf(Killed.class);

      DeployOutcome rerun = deploy(target, source, commit, "build-retry-" + round, DeployProbe.NONE);

      assertThat(rerun.failure()).as("after a kill at " + step).isEmpty();
      DesiredRelease desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
      for (GenericKubernetesResource object : desired.objects()) {
        GenericKubernetesResource live = kube.client().resource(object).get();
        assertThat(live).as(ObjectRef.of(object).id() + " after a kill at " + step).isNotNull();
        assertThat(live.getMetadata().getAnnotations()).as(ObjectRef.of(object).id() + " after a kill at " + step)
            .containsEntry(ObjectDigest.ANNOTATION, ObjectDigest.of(object));
      }
      assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("lms").get().getSpec()
          .getReplicas()).isEqualTo(round + 1);
      List<ReleaseRecord> records = new ReleaseStore(kube.client(), kube.namespace(), "acme").all();
      assertThat(records.stream().filter(r -> r.manifestDigest().equals(desired.manifestDigest())))
          .as("one record of the release after a kill at " + step).hasSize(1);
      assertThat(records.get(records.size() - 1).manifestDigest()).isEqualTo(desired.manifestDigest());
      assertThat(kube.client().apps().deployments().inNamespace(kube.namespace()).withName("mfe").get())
          .as("mfe pruned (or back) after a kill at " + step).matches(d -> (d == null) == dropped);
      if (dropped) {
        RealTutor.enablePlugin(project, "mfe");
      }
      assertThat(kube.client().leases().inNamespace(kube.namespace()).withName(DeployLock.NAME).get().getSpec()
          .getHolderIdentity()).isNull();
    }
  }
}
