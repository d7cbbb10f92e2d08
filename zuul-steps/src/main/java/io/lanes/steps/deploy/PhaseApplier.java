package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.ApplyDecision;
import io.lanes.steps.kube.ObjectApplier;
import io.lanes.steps.kube.ServerSideApply;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies one phase's objects server-side, up to {@code parallelism} at a time (objects within a phase do not depend
 * on each other), each the way {@link ObjectApplier} writes an object: not at all when its live copy already carries
 * its digest and fields, a Job whose spec changed deleted and created again.
 */
public final class PhaseApplier implements AutoCloseable {
  /** How often progress is reported, in objects. */
  static final int PROGRESS_EVERY = 50;

  private final ObjectApplier applier;
  private final ServerSideApply apply;
  private final ExecutorService pool;
  private final PrintWriter log;
  private final LiveObjects live;

  public PhaseApplier(KubernetesClient client, boolean forceConflicts, int parallelism, PrintWriter log) {
    this(client, forceConflicts, parallelism, log, LiveObjects.none());
  }

  /** With {@code live}: the live copies read up front, so that an object of a listed kind costs no read of its own. */
  PhaseApplier(KubernetesClient client, boolean forceConflicts, int parallelism, PrintWriter log, LiveObjects live) {
    this.applier = new ObjectApplier(client, forceConflicts);
    this.apply = new ServerSideApply(client, forceConflicts);
    this.pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
      Thread thread = new Thread(r, "lanes-apply");
      thread.setDaemon(true);
      return thread;
    });
    this.log = log;
    this.live = live;
  }

  /** Applies {@code objects} of {@code phase}; what happened to each, in the given order. */
  public List<ObjectChange> apply(Phase phase, List<GenericKubernetesResource> objects) {
    return apply(phase, objects, new ArrayList<>());
  }

  /**
   * Applies {@code objects} of {@code phase}, adding what happened to each object applied to {@code applied}, in the
   * given order, also when one fails (then the first failure is thrown once every object has been tried): a failed
   * deploy reports exactly what it wrote.
   */
  public List<ObjectChange> apply(Phase phase, List<GenericKubernetesResource> objects, List<ObjectChange> applied) {
    List<Future<ObjectChange>> futures = new ArrayList<>();
    for (GenericKubernetesResource object : objects) {
      futures.add(pool.submit(() -> applyOne(phase, object)));
    }
    List<ObjectChange> changes = new ArrayList<>();
    StepException first = null;
    int done = 0;
    for (Future<ObjectChange> future : futures) {
      try {
        ObjectChange change = future.get();
        changes.add(change);
        applied.add(change);
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof StepException s ? s : StepException.failure(e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StepException.failure("interrupted while applying " + phase.word(), e);
      }
      done++;
      if (done % PROGRESS_EVERY == 0 && done < objects.size()) {
        log.printf("deploy: %s: %d of %d objects applied%n", phase.word(), done, objects.size());
        log.flush();
      }
    }
    if (first != null) {
      throw first;
    }
    return changes;
  }

  /**
   * The conflicts applying {@code objects} would meet, one line per object ({@code Kind/name: the server's conflict
   * message}), found by dry runs of the objects that will be written and whose live copy another manager also
   * manages. Nothing is written.
   */
  public List<String> conflicts(List<GenericKubernetesResource> objects) {
    List<Future<Optional<String>>> futures = new ArrayList<>();
    for (GenericKubernetesResource object : objects) {
      futures.add(pool.submit(() -> {
        Optional<GenericKubernetesResource> live = get(object);
        if (live.isEmpty() || ApplyDecision.unchanged(object, live) || !ServerSideApply.foreignManaged(live.get())
            || "Job".equals(object.getKind())) {
          return Optional.<String>empty();
        }
        return apply.conflict(object).map(c -> ObjectRef.of(object).id() + ": " + c);
      }));
    }
    List<String> conflicts = new ArrayList<>();
    for (Future<Optional<String>> future : futures) {
      try {
        future.get().ifPresent(conflicts::add);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof StepException s ? s : StepException.failure(e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw StepException.failure("interrupted while checking for conflicts", e);
      }
    }
    return conflicts;
  }

  private ObjectChange applyOne(Phase phase, GenericKubernetesResource desired) {
    ObjectApplier.Outcome outcome = applier.apply(desired, get(desired));
    return new ObjectChange(ObjectRef.of(desired), phase, ObjectChange.Action.valueOf(outcome.name()));
  }

  private Optional<GenericKubernetesResource> get(GenericKubernetesResource object) {
    return live.knows(object) ? live.get(object) : applier.read(object);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** Counts of {@code changes} by action word, for logs and results. */
  public static Map<String, Integer> counts(List<ObjectChange> changes) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ObjectChange.Action action : ObjectChange.Action.values()) {
      counts.put(action.word(), 0);
    }
    changes.forEach(c -> counts.merge(c.action().word(), 1, Integer::sum));
    return counts;
  }
}
