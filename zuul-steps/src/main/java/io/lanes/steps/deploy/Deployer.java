package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeApi;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.kube.ObjectKind;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.kube.ServedKinds;
import io.lanes.steps.render.InitJob;
import io.lanes.steps.render.InitJobs;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rolls a platform's namespace forward to a release, or leaves it on the last good one: lock, apply phase by phase
 * with waits, record, prune; on a failure, the last recorded release is applied again and both are reported.
 * Run again after being killed at any point, it converges: applies are idempotent, a release already recorded is not
 * recorded twice, prune runs on every deploy.
 */
public final class Deployer {
  /** The longest interval between two polls of a running init task's Job. */
  static final Duration INIT_TASK_POLL = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final Target target;
  private final DeploySettings settings;
  private final Clock clock;
  private final PrintWriter log;
  private final DeployProbe probe;
  /** What the release's own applies wrote or found unchanged so far (not the rollback's), in order. */
  private final List<ObjectChange> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Optional<ReleaseRecord.Upgrade> upgrade = Optional.empty();
  private boolean checkOpenedxRelease;

  public Deployer(
      KubernetesClient client, Target target, DeploySettings settings, Clock clock, PrintWriter log, DeployProbe probe) {
    this.client = client;
    this.target = target;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.probe = probe;
  }

  /**
   * Refuses, before anything is applied, a release whose Open edX release differs from the one the namespace's newest
   * record says ({@link ReleaseChange}): deploy's rule; rollback and upgrade change the release on purpose.
   */
  public Deployer checkingOpenedxRelease() {
    this.checkOpenedxRelease = true;
    return this;
  }

  /** Records the release this deployer deploys as an upgrade across Open edX releases (always a new record). */
  public Deployer upgrading(ReleaseRecord.Upgrade upgrade) {
    this.upgrade = Optional.of(upgrade);
    return this;
  }

  /**
   * Deploys {@code desired}, a release {@link ReleaseSource} rendered: it has passed the lane policy there, in render's
   * own pipeline, before this takes the lock.
   *
   * @param change the Gerrit change, when the deploy came from one
   * @param patchset its patch set
   * @param rollbackTo renders a recorded release again, for the rollback after a failure; empty for no rollback
   * @throws StepException before anything was applied (lock, credentials), with nothing changed
   */
  public DeployOutcome deploy(
      DesiredRelease desired,
      Optional<Integer> change,
      Optional<Integer> patchset,
      Optional<Function<ReleaseRecord, DesiredRelease>> rollbackTo) {
    ServedKinds.check(client, desired.objects(), target.namespace());
    try (DeployLock lock = new DeployLock(client, target.namespace(), settings.holder(), settings.lockTtl(), clock, log)) {
      long start = System.nanoTime();
      lock.acquire(settings.lockWait(), settings.poll());
      Map<String, Long> durations = new LinkedHashMap<>();
      durations.put("lock", millis(start));
      probe.reached("lock");
      DeployOutcome outcome;
      try {
        outcome = deployLocked(lock, desired, change, patchset, rollbackTo, durations);
      } catch (RuntimeException e) {
        lock.release();
        throw e;
      }
      lock.release();
      return outcome;
    }
  }

  /**
   * Deploys {@code desired} as {@link #deploy} does, under a deploy lock the caller has taken and keeps: the caller
   * frees it when its own work under it is done, so nothing can run between that work and this deploy ({@code upgrade}
   * runs Tutor's upgrade tasks and then deploys under one lock).
   *
   * @param lock the deploy lock of the target's namespace, acquired by the caller; checked before each phase, not freed
   * @throws StepException before anything was applied (credentials, served kinds), with nothing changed
   */
  public DeployOutcome deployHolding(
      DeployLock lock,
      DesiredRelease desired,
      Optional<Integer> change,
      Optional<Integer> patchset,
      Optional<Function<ReleaseRecord, DesiredRelease>> rollbackTo) {
    ServedKinds.check(client, desired.objects(), target.namespace());
    return deployLocked(lock, desired, change, patchset, rollbackTo, new LinkedHashMap<>());
  }

  private DeployOutcome deployLocked(
      DeployLock lock,
      DesiredRelease desired,
      Optional<Integer> change,
      Optional<Integer> patchset,
      Optional<Function<ReleaseRecord, DesiredRelease>> rollbackTo,
      Map<String, Long> durations) {
    List<String> warnings = new ArrayList<>();
    Instant deadline = clock.instant().plus(settings.timeout());
    String namespace = target.namespace();
    long start;
    try {
      ReleaseStore store = new ReleaseStore(client, namespace, target.platform().name());
      Optional<ReleaseRecord> previous = store.latest();
      if (checkOpenedxRelease) {
        ReleaseChange.check(previous, desired);
      }
      LiveObjects live = LiveObjects.read(client, namespace, desired.objects());
      List<ObjectChange> changes = applied;
      // one applier (and pool) for the conflict check and the apply; a conflict fails before anything is applied,
      // with no rollback
      try (PhaseApplier applier = applier(live)) {
        checkConflicts(applier, desired.objects());
        try {
          Set<String> ranBefore = previous.map(r -> Set.copyOf(r.initTasks().values())).orElse(Set.of());
          applyAll(applier, desired, ranBefore, lock, deadline, durations, changes);
          start = System.nanoTime();
          ReleaseRecord record = record(desired, previous, change, patchset);
          // A rollback renders its release without init tasks (it runs none): when it applies exactly the latest
          // release's objects, that release, tasks and all, is what is live, and nothing is recorded. An upgrade is
          // always recorded (it carries the verified pre-upgrade backup's id).
          boolean recorded = previous.isEmpty() || upgrade.isPresent() || !(desired.initTasks().isEmpty()
              ? previous.get().sameObjects(record) : previous.get().sameContent(record));
          if (recorded) {
            store.add(record);
            log.printf("deploy: recorded release %d as ConfigMap/%s%n", record.number(), record.name());
            store.trim(settings.keepReleases()).forEach(n -> log.printf("deploy: deleted old release record ConfigMap/%s%n", n));
          } else {
            record = previous.get();
            log.printf("deploy: release %d (commit %s) was already recorded%n", record.number(), record.commit());
          }
          durations.put("record", millis(start));
          probe.reached("record");
          start = System.nanoTime();
          changes.addAll(prune(desired, warnings));
          durations.put("prune", millis(start));
          probe.reached("prune");
          return new DeployOutcome(Optional.of(record), recorded, changes, durations, warnings, Optional.empty(), Optional.empty());
        } catch (StepException failure) {
          if (failure.exitCode() != ExitCodes.FAILURE || rollbackTo.isEmpty()) {
            throw failure;
          }
          log.printf("deploy: FAILED: %s%n", failure.getMessage());
          log.printf("deploy: %s%n", appliedBeforeFailure(changes));
          String rollback = rollBack(previous, rollbackTo.get(), lock, durations, warnings);
          return new DeployOutcome(
              previous, false, changes, durations, warnings, Optional.of(failure.getMessage()), Optional.of(rollback));
        }
      }
    } catch (RuntimeException e) {
      if (!applied.isEmpty()) {
        log.printf("deploy: %s%n", appliedBeforeFailure(applied));
      }
      throw e;
    }
  }

  /**
   * What this deployer's release applies did before it stopped, in order ({@link ObjectChange.Action#UNCHANGED}
   * included): after a failure that escaped {@link #deploy}, exactly what it left applied.
   */
  public List<ObjectChange> applied() {
    return List.copyOf(applied);
  }

  /** The one line a failure reports about what was written before it: every object created, updated or replaced. */
  static String appliedBeforeFailure(List<ObjectChange> changes) {
    List<String> written =
        changes.stream()
            .filter(c -> c.action() != ObjectChange.Action.UNCHANGED)
            .map(c -> c.ref().id() + " (" + c.action().word() + ")")
            .toList();
    return written.isEmpty()
        ? "applied before the failure: nothing"
        : "applied before the failure: " + written.size() + " objects: " + String.join(", ", written);
  }

  private String rollBack(
      Optional<ReleaseRecord> previous,
      Function<ReleaseRecord, DesiredRelease> source,
      DeployLock lock,
      Map<String, Long> durations,
      List<String> warnings) {
    if (previous.isEmpty()) {
      String message = "no release was recorded before this one: nothing to roll back to; objects applied so far stay";
      log.printf("deploy: %s%n", message);
      return message;
    }
    ReleaseRecord record = previous.get();
    log.printf("deploy: rolling back to release %d (commit %s)%n", record.number(), record.commit());
    long start = System.nanoTime();
    try {
      DesiredRelease old = source.apply(record);
      if (!old.manifestDigest().equals(record.manifestDigest())) {
        warnings.add(
            "release " + record.number() + " rendered again from commit " + record.commit() + " has manifest digest "
                + old.manifestDigest() + ", the record says " + record.manifestDigest());
      }
      Instant deadline = clock.instant().plus(settings.timeout());
      try (PhaseApplier applier = applier(LiveObjects.read(client, target.namespace(), old.objects()))) {
        applyAll(applier, old, Set.of(), lock, deadline, new LinkedHashMap<>(), new ArrayList<>());
      }
      prune(old, warnings);
      durations.put("rollback", millis(start));
      String message = "rolled back to release " + record.number() + " (commit " + record.commit() + ")";
      log.printf("deploy: %s%n", message);
      return message;
    } catch (StepException e) {
      durations.put("rollback", millis(start));
      String message = "rollback to release " + record.number() + " FAILED too: " + e.getMessage();
      log.printf("deploy: %s%n", message);
      return message;
    }
  }

  /**
   * Applies the release phase by phase, waiting for each phase's rollouts, and runs its Tutor init tasks after the
   * data stores; adds what happened to each object to {@code changes} as it goes, so that after a failure it holds
   * exactly what was applied.
   *
   * @param ranBefore the keys of the init tasks that already ran with exactly this content (the last release's)
   */
  List<ObjectChange> applyAll(
      PhaseApplier applier,
      DesiredRelease desired,
      Set<String> ranBefore,
      DeployLock lock,
      Instant deadline,
      Map<String, Long> durations,
      List<ObjectChange> changes) {
    PhasePlan plan = PhasePlan.of(desired.objects());
    RolloutWaiter waiter = new RolloutWaiter(client, clock, settings.rolloutTimeout(), deadline, settings.poll(), log);
    for (Phase phase : Phase.values()) {
      if (phase == Phase.INIT_JOBS) {
        changes.addAll(runInitTasks(desired, ranBefore, lock, deadline, durations));
      }
      List<GenericKubernetesResource> objects = plan.objects(phase);
      if (objects.isEmpty()) {
        continue;
      }
      lock.check();
      long start = System.nanoTime();
      List<ObjectChange> applied = applier.apply(phase, objects, changes);
      Map<String, Integer> counts = PhaseApplier.counts(applied);
      log.printf(
          "deploy: %s: %d objects: %d created, %d updated, %d replaced, %d unchanged%n",
          phase.word(), objects.size(), counts.get("created"), counts.get("updated"), counts.get("replaced"),
          counts.get("unchanged"));
      log.flush();
      durations.put("apply " + phase.word(), millis(start));
      probe.reached("apply " + phase.word());
      start = System.nanoTime();
      waiter.await(phase, objects);
      if (objects.stream().anyMatch(RolloutWaiter::awaited)) {
        durations.put("wait " + phase.word(), millis(start));
        probe.reached("wait " + phase.word());
      }
    }
    return changes;
  }

  /**
   * Runs the release's Tutor init tasks one at a time, in Tutor's order, each as its own Job (built from Tutor's Job
   * template with Tutor's script, see {@link InitJobs}) waited for to completion within its deadline; a task whose
   * key is in {@code ranBefore} is not run again. A failed task fails the deploy (exit 1, its last log lines), which
   * then rolls back.
   */
  private List<ObjectChange> runInitTasks(
      DesiredRelease desired, Set<String> ranBefore, DeployLock lock, Instant deadline, Map<String, Long> durations) {
    if (desired.initJobs().isEmpty()) {
      return List.of();
    }
    TaskJobRunner runner =
        new TaskJobRunner(client, target.namespace(), clock, settings.rolloutTimeout(), deadline, settings.poll(), log);
    long start = System.nanoTime();
    List<ObjectChange> changes = new ArrayList<>();
    for (InitJob initJob : desired.initJobs()) {
      GenericKubernetesResource job = initJob.job();
      ObjectRef ref = ObjectRef.of(job);
      if (ranBefore.contains(initJob.key())) {
        log.printf("deploy: %s: ran before with the same script and Job (%s): not run again%n",
            initJob.task().describe(), initJob.key().substring(0, 19));
        continue;
      }
      lock.check();
      log.printf("deploy: %s: running as %s%n", initJob.task().describe(), ref.id());
      log.flush();
      runner.run(initJob.task().describe(), job);
      changes.add(new ObjectChange(ref, Phase.INIT_JOBS, ObjectChange.Action.CREATED));
    }
    durations.put("init tasks", millis(start));
    probe.reached("init tasks");
    return changes;
  }

  /** One attempt's applier: its pool serves the conflict check and every phase; {@code live} as read up front. */
  private PhaseApplier applier(LiveObjects live) {
    return new PhaseApplier(client, settings.forceConflicts(), settings.parallelism(), log, live);
  }

  /**
   * Fields another manager owns that this release sets: without {@code --force-conflicts}, a failure naming each
   * object, field and manager before anything is applied; with it, each is said and taken over.
   */
  private void checkConflicts(PhaseApplier applier, List<GenericKubernetesResource> objects) {
    List<String> conflicts = applier.conflicts(objects);
    if (conflicts.isEmpty()) {
      return;
    }
    if (settings.forceConflicts()) {
      conflicts.forEach(c -> log.printf("deploy: --force-conflicts: taking over from another field manager: %s%n", c));
      return;
    }
    throw StepException.failure(
        "another field manager owns fields this release sets; nothing was applied (--force-conflicts takes them over):\n  "
            + String.join("\n  ", conflicts),
        null);
  }

  private ReleaseRecord record(
      DesiredRelease desired, Optional<ReleaseRecord> previous, Optional<Integer> change, Optional<Integer> patchset) {
    return new ReleaseRecord(
        previous.map(ReleaseRecord::number).orElse(0) + 1,
        target.platform().name(),
        desired.commit(),
        change,
        patchset,
        desired.imageTag(),
        desired.images(),
        desired.manifestDigest(),
        desired.digests(),
        clock.instant(),
        settings.holder(),
        desired.initTasks(),
        upgrade,
        desired.openedxRelease());
  }

  private List<ObjectChange> prune(DesiredRelease desired, List<String> warnings) {
    Set<ObjectKind> kinds = new LinkedHashSet<>(ObjectKind.MANAGED);
    for (GenericKubernetesResource object : desired.objects()) {
      if (object.getMetadata().getNamespace() != null) {
        kinds.add(new ObjectKind(object.getApiVersion(), object.getKind()));
      }
    }
    Map<String, String> selector =
        Map.of(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY, LaneNames.LABEL_PLATFORM, target.platform().name());
    List<GenericKubernetesResource> live = new KubeApi(client).list(target.namespace(), selector, kinds);
    PrunePlan plan = PrunePlan.of(live, desired.digests().keySet(), target.platform().name(), target.namespace(), settings.pruneVolumes());
    List<ObjectChange> pruned = new ArrayList<>();
    for (GenericKubernetesResource object : plan.delete()) {
      ObjectRef ref = ObjectRef.of(object);
      try {
        client.resource(object).delete();
      } catch (KubernetesClientException e) {
        throw StepException.failure(
            "cannot prune " + ref.id() + " in namespace " + target.namespace() + ": " + KubeErrors.reason(e), e);
      }
      log.printf("deploy: pruned %s (no longer rendered)%n", ref.id());
      pruned.add(new ObjectChange(ref, null, ObjectChange.Action.PRUNED));
    }
    for (GenericKubernetesResource volume : plan.keptVolumes()) {
      warnings.add(
          "PersistentVolumeClaim/" + volume.getMetadata().getName()
              + " is no longer rendered but holds data: kept (give --prune-volumes to delete it)");
    }
    return pruned;
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
