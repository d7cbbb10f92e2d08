package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.lanes.core.config.Target;
import io.lanes.steps.kube.ObjectDigest;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.testing.TutorRoot;
import io.lanes.steps.testing.kube.KubeCluster;
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

@DisplayName("a deploy killed after any step converges when run again (real control plane: kube-apiserver, controllers, kwok nodes)")
class DeployConvergenceAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  /** Thrown by the probe where a kill would stop the process: an Error, so no rollback or lock release runs. */
  static final class Killed extends Error {
    Killed(String step) {
      super("killed after " + step);
    }
  }

  private static final String REDIS_DATA_MOUNT = "            - mountPath: /openedx/redis/data\n              name: data\n";
  private static final String REDIS_CONFIG_MOUNT = "            - mountPath: /openedx/redis/config/\n              name: config\n";

  private static DeploySettings settings(String holder) {
    return new DeploySettings(holder, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(60), Duration.ofMillis(200), 8, false, false, 10);
  }

  private DeployOutcome deploy(TutorRoot tutor, ReleaseSource source, String commit, String holder, DeployProbe probe) {
    Target target = tutor.target();
    DesiredRelease desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
    Deployer deployer = new Deployer(kube.client(), target, settings(holder), Clock.systemUTC(),
        new PrintWriter(new StringWriter(), true), probe);
    return deployer.deploy(desired, Optional.empty(), Optional.empty(),
        Optional.of(r -> source.at(r.commit(), r.imageTag(), r.images(), new ArrayList<>())));
  }

  @Test
  @DisplayName("killed after each step in turn, the next deploy (another build) reaches exactly the release")
  void convergesAfterKillAtEveryStep() {
    Kustomize kustomize = Kustomize.locate(Optional.empty(), Map.of("PATH", kube.path()));
    List<String> steps = new ArrayList<>();
    int round = 0;
    TutorRoot tutor = TutorRoot.create(dir.resolve("platform"), kube.namespace());
    ReleaseSource source = new ReleaseSource(kustomize, tutor.target(), tutor.root, List.of(), new PrintWriter(new StringWriter(), true));
    deploy(tutor, source, source.headCommit(), "build-first", steps::add);
    assertThat(steps).contains("lock", "apply config", "wait data stores", "wait init jobs", "wait apps", "record", "prune");
    String redisConfig = "- name: redis-config\n  files:\n  - apps/redis/redis.conf\n  options:\n    labels:\n      app.kubernetes.io/name: redis\n";
    for (String step : steps) {
      round++;
      // each round: a new release (a changed replica count, one ConfigMap less), killed after `step`
      String commit = tutor.change("k8s/deployments.yml", "  replicas: " + (round + 1) + "\n", "  replicas: " + (round + 2) + "\n");
      boolean dropped = round % 2 == 1;
      if (dropped) {
        tutor.change("kustomization.yml", redisConfig, "");
        tutor.change("k8s/deployments.yml", "        - name: config\n          configMap:\n            name: redis-config\n", "");
        commit = tutor.change("k8s/deployments.yml", REDIS_CONFIG_MOUNT, "");
      }
      String killed = "build-killed-" + round;
      String at = step;
      assertThatThrownBy(() -> deploy(tutor, source, source.headCommit(), killed, s -> {
        if (s.equals(at)) {
          throw new Killed(s);
        }
      })).isInstanceOf(Killed.class);

      DeployOutcome rerun = deploy(tutor, source, commit, "build-retry-" + round, DeployProbe.NONE);

      assertThat(rerun.failure()).as("after a kill at " + step).isEmpty();
      DesiredRelease desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
      for (GenericKubernetesResource object : desired.objects()) {
        GenericKubernetesResource live = kube.client().resource(object).get();
        assertThat(live).as(ObjectRef.of(object).id() + " after a kill at " + step).isNotNull();
        assertThat(live.getMetadata().getAnnotations()).as(ObjectRef.of(object).id() + " after a kill at " + step)
            .containsEntry(ObjectDigest.ANNOTATION, ObjectDigest.of(object));
      }
      List<ReleaseRecord> records = new ReleaseStore(kube.client(), tutor.namespace, "acme").all();
      assertThat(records.stream().filter(r -> r.manifestDigest().equals(desired.manifestDigest())))
          .as("one record of the release after a kill at " + step).hasSize(1);
      assertThat(records.get(records.size() - 1).manifestDigest()).isEqualTo(desired.manifestDigest());
      if (dropped) {
        assertThat(kube.client().configMaps().inNamespace(tutor.namespace)
            .withLabel("app.kubernetes.io/name", "redis").list().getItems())
            .as("redis-config pruned after a kill at " + step).isEmpty();
        // put it back for the next round
        tutor.change("kustomization.yml", "configMapGenerator:\n", "configMapGenerator:\n" + redisConfig);
        tutor.change("k8s/deployments.yml", REDIS_DATA_MOUNT, REDIS_DATA_MOUNT + REDIS_CONFIG_MOUNT);
        tutor.change("k8s/deployments.yml", "      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: redis\n",
            "      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: redis\n        - name: config\n          configMap:\n            name: redis-config\n");
      }
      assertThat(kube.client().leases().inNamespace(tutor.namespace).withName(DeployLock.NAME).get().getSpec()
          .getHolderIdentity()).isNull();
    }
  }
}
