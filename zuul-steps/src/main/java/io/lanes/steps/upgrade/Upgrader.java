package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeployReport;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.Phase;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.TaskJobRunner;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ServedKinds;
import io.lanes.steps.render.InitJob;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.tutor.InitTask;
import io.lanes.steps.tutor.TutorUpgrades;
import io.lanes.steps.tutor.UpgradeAction;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs an upgrade Lanes can run ({@link UpgradeDecision}) after its backup gate: Tutor's upgrade tasks for the hop,
 * one at a time, each as a Job built from the new release's Job template exactly as an init task's ({@link InitJobs},
 * {@link TaskJobRunner}); then deploys the new release with {@link Deployer} (its init tasks are the migrations),
 * recording it as the upgrade with the pre-upgrade backup's id. One deploy lock is held from the first task to the end
 * of the deploy ({@link Deployer#deployHolding}). Tutor's {@code launch} runs the
 * upgrade tasks before {@code start} and {@code init} too.
 */
public final class Upgrader {
  private final KubernetesClient client;
  private final Target target;
  private final DeploySettings settings;
  private final Clock clock;
  private final PrintWriter log;
  private final DeployProbe probe;

  /**
   * @param probe called after the lock is taken ({@code lock}), after the upgrade tasks ({@code upgrade tasks}) and
   *     after each of the deploy's steps ({@link DeployProbe}); the CLI passes {@link DeployProbe#NONE}
   */
  public Upgrader(
      KubernetesClient client, Target target, DeploySettings settings, Clock clock, PrintWriter log, DeployProbe probe) {
    this.client = client;
    this.probe = probe;
    this.target = target;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
  }

  /**
   * What the upgrade did.
   *
   * @param tasks how many of Tutor's upgrade tasks ran
   * @param hops the database hops that ran, each {@code <hop> <Job name>} ({@link ReleaseRecord.Upgrade#hops})
   * @param warnings one per hop of a database Tutor does not run (the operator's to upgrade)
   * @param stopped the Deployments the hops stopped that are still stopped (the deploy failed before it applied the
   *     data stores); empty after a deploy that got that far
   * @param deploy the deploy's outcome
   */
  public record Outcome(int tasks, List<String> hops, List<String> warnings, List<String> stopped, DeployOutcome deploy) {

    /** As the {@code --result} file's {@code lanes.upgrade}: deploy's report plus the upgrade. */
    public Map<String, Object> report(Platform platform, ReleaseRecord.Upgrade upgrade, List<String> warnings) {
      Map<String, Object> report = new LinkedHashMap<>(
          DeployReport.of(platform.name(), platform.namespace(), deploy.withWarnings(warnings)));
      report.put("from", upgrade.from());
      report.put("to", upgrade.to());
      report.put("backup", upgrade.backup());
      report.put("tasks", tasks);
      report.put("hops", hops);
      return report;
    }
  }

  /** The upgrade tasks of {@code plan} as init tasks of the app {@code upgrade-from-<release>}, in order. Pure. */
  static List<InitTask> tasks(TutorUpgrades.Plan plan) {
    List<InitTask> tasks = new ArrayList<>();
    for (UpgradeAction action : plan.tasks()) {
      String digest = io.lanes.steps.Sha256.of(action.text().getBytes(StandardCharsets.UTF_8));
      tasks.add(new InitTask(tasks.size() + 1, "upgrade-from-" + plan.from(), action.service(), action.text(),
          digest.substring("sha256:".length())));
    }
    return tasks;
  }

  /**
   * @param templates the new release's Job templates, lane-rewritten
   * @param desired the new release
   * @param rollbackTo renders a recorded release again, for deploy's rollback after a failure
   */
  public Outcome upgrade(
      TutorUpgrades.Plan plan,
      List<GenericKubernetesResource> templates,
      DesiredRelease desired,
      ReleaseRecord.Upgrade upgrade,
      Function<ReleaseRecord, DesiredRelease> rollbackTo) {
    List<InitJob> jobs = InitJobs.build(templates, tasks(plan), target.platform().name(), settings.rolloutTimeout());
    HopPlan hopPlan = HopPlan.of(plan, desired.objects(), target.platform().name(), settings.rolloutTimeout());
    List<String> hops = hopPlan.hops().stream().map(h -> h.name() + " " + h.job().getMetadata().getName()).toList();
    HopRunner hopRunner = new HopRunner(client, target.namespace(), clock, settings.rolloutTimeout(), settings.poll(), log);
    // The hops' Deployments start again once deploy has applied the data stores, at the new release's image: no
    // older server opens the upgraded data.
    DeployProbe starting = step -> {
      if (step.equals("apply " + Phase.DATA_STORES.word())) {
        hopRunner.start();
      }
      probe.reached(step);
    };
    Deployer deployer = new Deployer(client, target, settings, clock, log, starting).upgrading(upgrade.withHops(hops));
    ServedKinds.check(client, desired.objects(), target.namespace());
    DeployOutcome outcome;
    // One lock from the first upgrade task to the end of the deploy: no other deploy (or do job) runs between them,
    // on a database the tasks have migrated and an app that is not yet the new release.
    try (DeployLock lock = new DeployLock(client, target.namespace(), settings.holder(), settings.lockTtl(), clock, log)) {
      lock.acquire(settings.lockWait(), settings.poll());
      probe.reached("lock");
      try {
        hopRunner.check(hopPlan);
        TaskJobRunner runner = new TaskJobRunner(client, target.namespace(), clock, settings.rolloutTimeout(),
            clock.instant().plus(settings.timeout()), settings.poll(), log);
        Iterator<InitJob> taskJobs = jobs.iterator();
        Iterator<HopPlan.Hop> hopJobs = hopPlan.hops().iterator();
        // Tutor's order: a hop's database is upgraded before the tasks of the releases after it.
        for (UpgradeAction action : plan.actions()) {
          lock.check();
          if (action.hop()) {
            runHop(hopJobs.next(), hopRunner, runner, upgrade);
            probe.reached("hop");
          } else if (action.task()) {
            InitJob job = taskJobs.next();
            String describe = "upgrade task " + job.task().order() + " (from " + plan.from() + ", in " + job.task().templateJob() + ")";
            log.printf("upgrade: %s: running as Job/%s%n", describe, job.job().getMetadata().getName());
            log.flush();
            runner.run(describe, job.job());
          }
        }
        probe.reached("upgrade tasks");
        lock.check();
        outcome = deployer.deployHolding(lock, desired, Optional.empty(), Optional.empty(), Optional.of(rollbackTo));
      } catch (RuntimeException e) {
        lock.release();
        throw e;
      }
      lock.release();
    }
    return new Outcome(jobs.size(), hops, hopPlan.warnings(), hopRunner.stopped(), outcome);
  }

  private void runHop(HopPlan.Hop hop, HopRunner hopRunner, TaskJobRunner runner, ReleaseRecord.Upgrade upgrade) {
    try {
      hopRunner.run(hop, runner);
    } catch (StepException e) {
      // Nothing further runs: no later hop, task or deploy. The stopped databases stay stopped: their data may be
      // part-way between versions, which only the verified backup undoes.
      throw StepException.failure(e.getMessage() + "\nnothing further ran; stopped (replicas 0): "
          + hopRunner.stopped().stream().map(d -> "Deployment/" + d).collect(Collectors.joining(", "))
          + "; the data from before the upgrade is backup " + upgrade.backup(), e);
    }
  }
}
