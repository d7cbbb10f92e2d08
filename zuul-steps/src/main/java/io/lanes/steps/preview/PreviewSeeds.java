package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.core.config.LanesConfig;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.dojob.DoArguments;
import io.lanes.steps.dojob.DoJobs;
import io.lanes.steps.dojob.DoOutcome;
import io.lanes.steps.dojob.DoRequest;
import io.lanes.steps.dojob.DoRunner;
import io.lanes.steps.kube.KubeErrors;
import io.lanes.steps.tutor.TutorDoJobs;
import io.lanes.steps.tutor.TutorProject;
import io.lanes.steps.tutor.TutorTasks;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds a preview with what its map section asks ({@code seed}, {@link LanesConfig#SEED_DO_JOBS}), once: each seed is
 * Tutor's {@code do} job run by {@code do}'s own engine ({@link DoRunner}: deploy's lock, Tutor renders the job, each
 * task a Job from the Job templates of the release the preview is at, a record per run) in the preview's namespace.
 * A seed counts as made once a run of its job there has succeeded (its {@code do} record says so); a failed seed is
 * tried again by the next {@code preview up}.
 */
final class PreviewSeeds {
  private final KubernetesClient client;
  private final PreviewLane lane;
  private final DeploySettings settings;
  private final Clock clock;
  private final PrintWriter log;
  private final Map<String, String> environment;
  private final Path tutorRoot;

  PreviewSeeds(
      KubernetesClient client, PreviewLane lane, DeploySettings settings, Clock clock, PrintWriter log,
      Map<String, String> environment, Path tutorRoot) {
    this.client = client;
    this.lane = lane;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.environment = environment;
    this.tutorRoot = tutorRoot;
  }

  /**
   * Runs the seeds not made yet; returns, per seed of the map, {@code seed}, {@code job} and what happened
   * ({@code seeded} with the run's record, or {@code already seeded}).
   *
   * @throws StepException exit 2 when the platform is no Tutor project or Tutor lacks the job; exit 1 when a seed's
   *     job failed
   */
  List<Map<String, Object>> run(ReleaseSource source, List<String> warnings) {
    List<Map<String, Object>> report = new ArrayList<>();
    for (String seed : lane.settings().seeds()) {
      String job = LanesConfig.SEED_DO_JOBS.get(seed);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("seed", seed);
      entry.put("job", job);
      if (succeededBefore(job)) {
        log.printf("preview: seed %s (do %s) already made in %s%n", seed, job, lane.namespace());
        entry.put("outcome", "already seeded");
      } else {
        entry.put("outcome", "seeded");
        entry.put("record", seed(seed, job, source, warnings));
      }
      report.add(entry);
    }
    return report;
  }

  private String seed(String seed, String job, ReleaseSource source, List<String> warnings) {
    String what = "seed " + seed + " (map key preview." + lane.platform().name() + ".seed)";
    if (!TutorTasks.isTutorProject(tutorRoot)) {
      throw StepException.configuration(what + " runs Tutor's do " + job + ": " + tutorRoot.resolve("config.yml")
          + " is no Tutor config (--tutor-root DIR, the directory of config.yml)");
    }
    TutorProject project = TutorTasks.read(tutorRoot, environment).orElseThrow(() -> StepException.configuration(
        what + " runs Tutor's do " + job + ", but tutor is not on PATH (install it with: bash src/scripts/tutor.sh install)"));
    DoRequest request = DoArguments.resolve(job, List.of(), project.doJobs(), environment, file -> {
      throw StepException.configuration(what + ": do " + job + " takes no secret here");
    });
    ReleaseRecord release = new ReleaseStore(client, lane.namespace(), lane.platform().name()).latest()
        .orElseThrow(() -> StepException.failure("preview " + lane.namespace() + " has no release recorded to seed", null));
    List<GenericKubernetesResource> templates = new PreviewOverrides(new KubernetesSerialization())
        .apply(source.templatesAt(release.commit(), release.imageTag(), release.images(), warnings), lane);
    log.printf("preview: %s: do %s in %s, release %d%n", what, job, lane.namespace(), release.number());
    log.flush();
    DoOutcome outcome = new DoRunner(client, lane.previewTarget(), settings, clock, log).run(
        request, release, templates,
        tasks -> TutorDoJobs.run(tutorRoot, environment, job, request.tutorArgs(), tasks, log, request::redact));
    if (outcome.failure().isPresent()) {
      throw StepException.failure("preview of change " + lane.change() + " in " + lane.namespace() + ": " + what
          + " failed: " + outcome.failure().get() + " (recorded as ConfigMap/" + outcome.record().name()
          + "; the next preview up tries again)", null);
    }
    return outcome.record().name();
  }

  /** Whether a run of {@code job} has succeeded in the preview's namespace (a {@code do} record says so). */
  private boolean succeededBefore(String job) {
    try {
      List<ConfigMap> records = client.configMaps().inNamespace(lane.namespace())
          .withLabel(DoJobs.LABEL_DO_OF, lane.platform().name()).list().getItems();
      return records.stream().anyMatch(r -> r.getData() != null && job.equals(r.getData().get("job"))
          && "succeeded".equals(r.getData().get("result")));
    } catch (KubernetesClientException e) {
      throw StepException.failure("cannot list the do records in namespace " + lane.namespace() + ": "
          + KubeErrors.reason(e), e);
    }
  }
}
