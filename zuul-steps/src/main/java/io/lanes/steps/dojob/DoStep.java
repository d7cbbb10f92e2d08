package io.lanes.steps.dojob;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.tutor.TutorDoJobs;
import io.lanes.steps.tutor.TutorProject;
import io.lanes.steps.tutor.TutorTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code zuul-steps do <job> [job args]}: runs one of Tutor's {@code do} jobs ({@code tutor k8s do}) in the platform's
 * namespace, Tutor rendering each task's script, Lanes running it as a Job under deploy's lock; see {@link DoRunner}.
 */
@Command(
    name = "do",
    description = {
      "Run a Tutor do job (createuser, settheme, a plugin's own) in the platform's namespace.",
      "Tutor parses the job's arguments and renders each task's script; each task runs as a Job from the env's Job"
          + " template (the release the namespace is at), one at a time with a deadline, under the deploy lock. A secret"
          + " option (createuser's --password) is given as --<option>-file FILE or --<option>-env VAR, never as its value."
    })
public final class DoStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Mixin DoOptions options;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "JOB", description = "The do job, as Tutor and the enabled plugins name it.")
  String job;

  @Parameters(index = "1..*", paramLabel = "ARG",
      description = "The job's own arguments and options, as `tutor k8s do JOB` takes them (everything after JOB).")
  List<String> jobArgs = new ArrayList<>();

  DoStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection.Selected selected = selection.select();
    Platform platform = selected.platform();
    Target target = selected.target();
    DeploySettings settings = options.settings(selected.zuul(), context.environment());
    Path root = options.tutorRoot;
    if (!TutorTasks.isTutorProject(root)) {
      throw StepException.configuration(root.resolve("config.yml") + ": no Tutor config: do runs Tutor's do jobs for a"
          + " Tutor project (--tutor-root DIR, the directory of config.yml)");
    }
    TutorProject project = TutorTasks.read(root, context.environment()).orElseThrow(() -> StepException.configuration(
        root.resolve("config.yml") + ": a Tutor project, but tutor is not on PATH: do runs Tutor's jobs through Tutor"
            + " (install it with: bash src/scripts/tutor.sh install)"));
    DoRequest request = DoArguments.resolve(job, jobArgs, project.doJobs(), context.environment(), DoStep::readSecretFile);
    context.err().printf("do: platform %s, namespace %s, Tutor %s: %s %s%n", platform.name(), platform.namespace(),
        project.tutorVersion(), job, String.join(" ", request.shownArgs()));
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("do needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      ReleaseRecord release = new ReleaseStore(client, platform.namespace(), platform.name()).latest()
          .orElseThrow(() -> StepException.configuration("platform " + platform.name() + " has no release recorded in"
              + " namespace " + platform.namespace() + ": deploy it first (do runs in the Job templates of the release"
              + " the namespace is at)"));
      List<String> warnings = new ArrayList<>();
      ReleaseSource source = options.releaseSource(target, context);
      String head = source.headCommit();
      if (!head.equals(release.commit())) {
        warnings.add("the checkout is at commit " + head + ", the namespace at release " + release.number()
            + " (commit " + release.commit() + "): Tutor renders the job from the checkout's config.yml, its Jobs run"
            + " the release's images");
      }
      List<GenericKubernetesResource> templates =
          source.templatesAt(release.commit(), release.imageTag(), release.images(), warnings);
      warnings.forEach(w -> context.err().println("warning: " + request.redact(w)));
      DoRunner runner = new DoRunner(client, target, settings, context.clock(), context.err());
      DoOutcome outcome = runner.run(request, release, templates, taskRunner -> TutorDoJobs.run(
          root, context.environment(), job, request.tutorArgs(), taskRunner, context.err(), request::redact));
      Map<String, Object> report = outcome.report(platform.name(), platform.namespace(), request, release.number(), warnings);
      ResultFile.write(common.result, Map.of("do", report), warnings.isEmpty() ? Map.of() : Map.of("warnings", warnings));
      if (outcome.failure().isPresent()) {
        throw StepException.failure("do " + job + " in " + platform.namespace() + " failed: " + outcome.failure().get(), null);
      }
      context.out().printf("do %s: %d tasks, recorded as ConfigMap/%s%n", job, outcome.tasks().size(), outcome.record().name());
      return ExitCodes.OK;
    }
  }

  private static String readSecretFile(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read the secret file: " + e.getClass().getSimpleName());
    }
  }
}
