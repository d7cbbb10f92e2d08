package io.lanes.steps.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.Target;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.deploy.ReleaseSource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("upgrade holds one deploy lock across Tutor's upgrade tasks and the deploy (real Tutor 22, real control plane)")
class UpgraderLockAgainstKubeTest {
  @RegisterExtension final KubeCluster kube = new KubeCluster();

  @TempDir Path dir;

  private static DeploySettings settings(String holder, Duration lockWait) {
    return new DeploySettings(holder, Duration.ofSeconds(10), lockWait, Duration.ofSeconds(90),
        Duration.ofSeconds(300), Duration.ofMillis(200), 8, false, false, 10);
  }

  @Test
  @DisplayName("a deploy started while the upgrade tasks run waits for the lock until the upgrade's deploy has recorded and pruned; it cannot slip in between")
  void concurrentDeployWaitsForTheWholeUpgrade() throws Exception {
    Path project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    Map<String, String> environment = Map.of("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    String config = project.resolve("lanes.config").toString();
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    Target target = map.target(map.platform("acme").orElseThrow());
    Kustomize kustomize = Kustomize.locate(Optional.empty(), environment);
    ReleaseSource source = new ReleaseSource(kustomize, target, project, List.of(), environment, Duration.ofSeconds(90),
        new PrintWriter(new StringWriter(), true));
    String commit = source.headCommit();
    DesiredRelease desired = source.current(commit, "latest-acme", Map.of(), new ArrayList<>());
    // release 1, as the platform ran it before the upgrade
    assertThat(new Deployer(kube.client(), target, settings("build-first", Duration.ofSeconds(10)), Clock.systemUTC(),
        new PrintWriter(new StringWriter(), true), DeployProbe.NONE)
        .deploy(desired, Optional.empty(), Optional.empty(), Optional.empty()).failure()).isEmpty();

    List<String> events = new CopyOnWriteArrayList<>();
    StringWriter intruderLog = new StringWriter();
    CompletableFuture<DeployOutcome> intruder = new CompletableFuture<>();
    DeployProbe upgradeProbe = step -> {
      events.add("upgrade: " + step);
      if (step.equals("upgrade tasks")) {
        // Another deploy starts now, between the upgrade's tasks and its deploy.
        Thread thread = new Thread(() -> {
          try {
            intruder.complete(new Deployer(kube.client(), target, settings("build-intruder", Duration.ofSeconds(240)),
                Clock.systemUTC(), new PrintWriter(intruderLog, true), s -> events.add("intruder: " + s))
                .deploy(desired, Optional.empty(), Optional.empty(), Optional.empty()));
          } catch (Throwable t) {
            intruder.completeExceptionally(t);
          }
        });
        thread.start();
        Instant until = Instant.now().plusSeconds(60);
        while (!intruderLog.toString().contains("waiting for the deploy lock") && Instant.now().isBefore(until)) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        assertThat(intruderLog.toString()).contains("waiting for the deploy lock Lease/" + DeployLock.NAME)
            .contains("held by build-upgrade");
      }
    };
    TutorUpgrades.Plan plan = TutorUpgrades.plan(project, environment, "redwood");
    Upgrader upgrader = new Upgrader(kube.client(), target, settings("build-upgrade", Duration.ofSeconds(10)),
        Clock.systemUTC(), new PrintWriter(new StringWriter(), true), upgradeProbe);

    Upgrader.Outcome outcome = upgrader.upgrade(plan, source.templatesAt(commit, "latest-acme", Map.of(), new ArrayList<>()),
        desired, new ReleaseRecord.Upgrade("redwood", plan.to(), "20261205T000000Z"),
        r -> source.at(r.commit(), r.imageTag(), r.images(), new ArrayList<>()));

    assertThat(outcome.tasks()).isEqualTo(1);
    assertThat(outcome.deploy().failure()).isEmpty();
    assertThat(outcome.deploy().release().orElseThrow().number()).isEqualTo(2);
    DeployOutcome second = intruder.get(240, TimeUnit.SECONDS);
    assertThat(second.failure()).isEmpty();
    // the intruder took the lock only after the upgrade's deploy had finished everything under it
    assertThat(events).contains("upgrade: lock", "upgrade: upgrade tasks", "upgrade: record", "upgrade: prune",
        "intruder: lock");
    assertThat(events.indexOf("intruder: lock")).isGreaterThan(events.indexOf("upgrade: prune"));
    assertThat(events.indexOf("upgrade: apply config")).isGreaterThan(events.indexOf("upgrade: upgrade tasks"));
    // and the lock is free again
    assertThat(kube.client().leases().inNamespace(kube.namespace()).withName(DeployLock.NAME).get().getSpec()
        .getHolderIdentity()).isNull();
  }
}
