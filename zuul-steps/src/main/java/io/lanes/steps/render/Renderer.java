package io.lanes.steps.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.Target;
import io.lanes.core.policy.Violation;
import io.lanes.steps.Futures;
import io.lanes.steps.StepException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The one rendering pipeline {@code render} and {@code deploy} (and {@code rollback}) share: real {@code kubectl
 * kustomize} on a Tutor env, its objects parsed with their source files, the objects Lanes adds itself (a {@link
 * ReleaseAddition}'s: the platform's backup CronJob, plugged in by the CLI), all put into the platform's lane
 * ({@link LaneRewrite}), then the lane policy ({@link PolicyGate}). What comes out has passed the policy: on any
 * violation, nothing is returned.
 */
public final class Renderer {
  /** The annotation kustomize's origin build metadata adds: its bookkeeping, not part of an object. */
  public static final String ORIGIN = "config.kubernetes.io/origin";

  private final KubernetesSerialization serialization;
  private final Kustomize kustomize;
  private final PrintWriter log;
  private final String step;

  /**
   * @param serialization fabric8's serialization (thread-safe; share one per process)
   * @param kustomize the kubectl that renders
   * @param log progress lines, each starting with {@code step}
   * @param step the step's name, for the progress lines ({@code render}, {@code deploy})
   */
  public Renderer(KubernetesSerialization serialization, Kustomize kustomize, PrintWriter log, String step) {
    this.serialization = serialization;
    this.kustomize = kustomize;
    this.log = log;
    this.step = step;
  }

  /**
   * What to render.
   *
   * @param target the platform and where it goes
   * @param env the Tutor env, a kustomize tree
   * @param root what source file names are relative to (the git work tree holding the env)
   * @param revision the revision every object is labelled with
   * @param imageTag the tag the platform's untagged images get
   * @param added objects Lanes adds to the platform's own ({@link ReleaseAddition#objects}), placed in the
   *     platform map
   */
  public record Input(Target target, Path env, Path root, String revision, String imageTag, List<HasMetadata> added) {}

  /**
   * Renders {@code input}: its objects in kustomize's order, then the added ones, all in the lane and within the
   * policy.
   *
   * @param rejected told every violation before the policy error is thrown (for a step's own report); never told
   *     of an empty list
   * @throws StepException exit 3, one line per violation ({@code kind/name: reason}), when the policy refuses any
   *     object; exit 2 for kustomize's errors
   */
  public List<RenderedObject> render(Input input, Consumer<List<Violation>> rejected) {
    long start = System.nanoTime();
    Kustomize.kustomization(input.env());
    // kustomize first: it is the long pole; the JVM's own start-up work runs beside it
    AtomicReference<Thread> kustomizing = new AtomicReference<>();
    CompletableFuture<Kustomize.Output> kustomized =
        CompletableFuture.supplyAsync(
            () -> kustomize.build(input.env()), task -> kustomizing.set(Thread.ofPlatform().daemon().start(task)));
    WarmUp.run(serialization, input.target());
    SourceIndex sources;
    try {
      sources = SourceIndex.of(input.root(), input.env());
    } catch (StepException e) {
      // a file past the YAML bounds: kustomize is reading it too; stop it (the interrupt kills its process)
      kustomizing.get().interrupt();
      throw e;
    }
    Kustomize.Output output = Futures.join(kustomized);
    long done = System.nanoTime();
    List<RenderedObject> objects = new ArrayList<>(new ManifestParser(serialization).parse(output, sources));
    log.printf(
        "%s: kustomize rendered %d objects from %s in %d ms (parsed in %d ms)%n",
        step, objects.size(), input.env(), (done - start) / 1_000_000, (System.nanoTime() - done) / 1_000_000);
    for (HasMetadata object : input.added()) {
      objects.add(new RenderedObject(serialization.convertValue(object, GenericKubernetesResource.class), LanesConfig.FILE_NAME, 1));
    }
    objects.forEach(Renderer::withoutOrigin);
    new LaneRewrite(serialization, input.target().platform(), input.revision(), input.imageTag()).apply(objects);
    List<Violation> violations = new PolicyGate(serialization).check(input.target(), objects);
    if (!violations.isEmpty()) {
      rejected.accept(List.copyOf(violations));
      throw StepException.policy(String.join("\n", violations.stream().map(Violation::toString).toList()));
    }
    return objects;
  }

  private static void withoutOrigin(RenderedObject object) {
    Map<String, String> annotations = object.resource().getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(ORIGIN)) {
      Map<String, String> rest = new LinkedHashMap<>(annotations);
      rest.remove(ORIGIN);
      object.resource().getMetadata().setAnnotations(rest.isEmpty() ? null : rest);
    }
  }
}
