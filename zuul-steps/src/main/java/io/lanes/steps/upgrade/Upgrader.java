package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.deploy.DeployLock;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeployReport;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
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
 * Runs an upgrade Lanes can run ({@link UpgradeDecision}) after its backup gate, each of Tutor's steps in Tutor's
 * order, one at a time: its upgrade tasks, each as a Job built from the new release's Job template exactly as an init
 * task's ({@link InitJobs}, {@link TaskJobRunner}); its database hops ({@link HopPlan}, {@link HopRunner}), each
 * database started again at the new release's image after its last hop; the commands it runs with {@code kubectl
 * exec} ({@link CommandPlan}, run as tasks are); lilac's deletion of the platform's Deployments and Services
 * ({@link PlatformDeletion}); its waits for a database. Then it deploys the new release with {@link Deployer} (its init
 * tasks are the migrations), recording it as the upgrade with the pre-upgrade backup's id. One deploy lock is held
 * from the first step to the end of the deploy ({@link Deployer#deployHolding}). Tutor's {@code launch} runs the
 * upgrade before {@code start} and {@code init} too.
 */
public final class Upgrader {
  private final KubernetesClient client;
  private final Target target;
  private final DeploySettings settings;
  private final Clock clock;
  private final PrintWriter log;
  private final DeployProbe probe;

  /**
   * @param probe called after the lock is taken ({@code lock}), after each hop's Job ({@code hop}), each database
   *     started again ({@code started <deployment>}), each command ({@code command}), the deletion ({@code delete}),
   *     after all of Tutor's steps ({@code upgrade tasks}) and after each of the deploy's steps ({@link DeployProbe});
   *     the CLI passes {@link DeployProbe#NONE}
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
   * @param commands how many of the commands Tutor execs ran
   * @param hops the database hops that ran, each {@code <hop> <Job name>} ({@link ReleaseRecord.Upgrade#hops})
   * @param deleted what lilac's step deleted, each {@code <Kind>/<name>}
   * @param warnings one per hop of a database Tutor does not run (the operator's to upgrade)
   * @param deploy the deploy's outcome
   */
  public record Outcome(int tasks, int commands, List<String> hops, List<String> deleted, List<String> warnings,
      DeployOutcome deploy) {

    /** As the {@code --result} file's {@code lanes.upgrade}: deploy's report plus the upgrade. */
    public Map<String, Object> report(Platform platform, ReleaseRecord.Upgrade upgrade, List<String> warnings) {
      Map<String, Object> report = new LinkedHashMap<>(
          DeployReport.of(platform.name(), platform.namespace(), deploy.withWarnings(warnings)));
      report.put("from", upgrade.from());
      report.put("to", upgrade.to());
      report.put("backup", upgrade.backup());
      report.put("tasks", tasks);
      report.put("commands", commands);
      report.put("hops", hops);
      report.put("deleted", deleted);
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
    CommandPlan commandPlan = CommandPlan.of(plan, desired.objects(), target.platform().name(), settings.rolloutTimeout());
    List<String> hops = hopPlan.hops().stream().map(h -> h.name() + " " + h.job().getMetadata().getName()).toList();
    HopRunner hopRunner = new HopRunner(client, target.namespace(), clock, settings.rolloutTimeout(), settings.poll(), log,
        settings.forceConflicts());
    Deployer deployer = new Deployer(client, target, settings, clock, log, probe).upgrading(upgrade.withHops(hops));
    ServedKinds.check(client, desired.objects(), target.namespace());
    List<String> deleted = new ArrayList<>();
    DeployOutcome outcome;
    // One lock from the first upgrade step to the end of the deploy: no other deploy (or do job) runs between them,
    // on a database the steps have migrated and an app that is not yet the new release.
    try (DeployLock lock = new DeployLock(client, target.namespace(), settings.holder(), settings.lockTtl(), clock, log)) {
      lock.acquire(settings.lockWait(), settings.poll());
      probe.reached("lock");
      try {
        hopRunner.check(hopPlan);
        TaskJobRunner runner = new TaskJobRunner(client, target.namespace(), clock, settings.rolloutTimeout(),
            clock.instant().plus(settings.timeout()), settings.poll(), log);
        Iterator<InitJob> taskJobs = jobs.iterator();
        Iterator<HopPlan.Hop> hopJobs = hopPlan.hops().iterator();
        Iterator<CommandPlan.Command> commandJobs = commandPlan.commands().iterator();
        // Tutor's order: a hop's database is upgraded before the steps of the releases after it.
        for (UpgradeAction action : plan.actions()) {
          lock.check();
          if (action.hop()) {
            HopPlan.Hop hop = hopJobs.next();
            runHop(hop, hopRunner, runner, upgrade);
            probe.reached("hop");
            if (hop.last()) {
              startAtRelease(hop, hopRunner, upgrade);
              probe.reached("started " + hop.deployment());
            }
          } else if (action.task()) {
            InitJob job = taskJobs.next();
            String describe = "upgrade task " + job.task().order() + " (from " + plan.from() + ", in " + job.task().templateJob() + ")";
            log.printf("upgrade: %s: running as Job/%s%n", describe, job.job().getMetadata().getName());
            log.flush();
            runner.run(describe, job.job());
          } else if (action.exec()) {
            CommandPlan.Command command = commandJobs.next();
            log.printf("upgrade: %s: Tutor's kubectl exec in %s, as a Job of the new release's Deployment/%s%n",
                command.describe(), command.service(), command.service());
            log.flush();
            runner.run(command.describe(), command.job());
            probe.reached("command");
          } else if (action.delete()) {
            deleted.addAll(new PlatformDeletion(client, target.namespace(), target.platform().name(), log)
                .delete(List.of(action.detail("resources").split("\\s+"))));
            probe.reached("delete");
          } else if (action.kind().equals("wait") && UpgradeAction.DATABASES.contains(action.service())) {
            hopRunner.awaitAvailable(deploymentRef(action.service()));
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
    return new Outcome(jobs.size(), commandPlan.commands().size(), hops, List.copyOf(deleted), hopPlan.warnings(),
        outcome);
  }

  /** The Deployment {@code name} of the platform's namespace, as a reference to read it by. */
  private GenericKubernetesResource deploymentRef(String name) {
    GenericKubernetesResource deployment = new GenericKubernetesResource();
    deployment.setApiVersion("apps/v1");
    deployment.setKind("Deployment");
    deployment.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(target.namespace()).build());
    return deployment;
  }

  private void runHop(HopPlan.Hop hop, HopRunner hopRunner, TaskJobRunner runner, ReleaseRecord.Upgrade upgrade) {
    try {
      hopRunner.run(hop, runner);
    } catch (StepException e) {
      throw stopped(e, hopRunner, upgrade);
    }
  }

  private void startAtRelease(HopPlan.Hop hop, HopRunner hopRunner, ReleaseRecord.Upgrade upgrade) {
    try {
      hopRunner.startAtRelease(hop);
    } catch (StepException e) {
      throw stopped(e, hopRunner, upgrade);
    }
  }

  /**
   * A hop that failed, or a database that did not start again: nothing further runs (no later hop, task or deploy).
   * The stopped databases stay stopped: their data may be part-way between versions, which only the verified backup
   * undoes.
   */
  private static StepException stopped(StepException e, HopRunner hopRunner, ReleaseRecord.Upgrade upgrade) {
    return StepException.failure(e.getMessage() + "\nnothing further ran; stopped (replicas 0): "
        + (hopRunner.stopped().isEmpty() ? "none"
            : hopRunner.stopped().stream().map(d -> "Deployment/" + d).collect(Collectors.joining(", ")))
        + "; the data from before the upgrade is backup " + upgrade.backup(), e);
  }
}
