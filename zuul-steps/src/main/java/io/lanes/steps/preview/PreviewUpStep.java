package io.lanes.steps.preview;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DeployOptions;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeployReport;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.zuul.ZuulVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps preview up}: renders the change for its platform's lane, turns the release into its preview
 * ({@link PreviewRelease}), creates or updates the preview's namespace with its quota ({@link PreviewNamespaces}) and
 * deploys with deploy's own engine ({@link Deployer}: lock, waits, rollback), seeds a new preview with what the map
 * asks ({@link PreviewSeeds}: Tutor's do jobs, once); reports the preview's URL.
 */
@Command(
    name = "up",
    description = {
      "Bring up (or update) the change's preview: its own namespace, labelled with platform and change, with a quota.",
      "Renders the change for the platform's lane (a change that breaks it gets no preview), moves it to the preview's"
          + " namespace and host with one replica per workload and no backup, and deploys it as deploy does; prints"
          + " the URL."
    })
public final class PreviewUpStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PreviewTarget preview;

  @Option(names = "--patchset", paramLabel = "M", description = "The change's patch set (default: zuul.patchset from --zuul-vars).")
  Integer patchset;

  @Option(names = "--owner", paramLabel = "NAME", description = "Who owns the change, shown by preview list (default: the e-mail address of the author of the change's commit).")
  String owner;

  @Option(
      names = "--image-tag",
      paramLabel = "TAG",
      description = "The tag of the platform's own images (default: change-<N>-ps-<M> from Zuul, else latest-<platform>).")
  String imageTag;

  @Mixin DeployOptions options;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  PreviewUpStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PreviewTarget.Selected selected = preview.select();
    PreviewLane lane = selected.lane(preview.change, true);
    Optional<ZuulVars> zuul = selected.selection().zuul();
    int ps = Optional.ofNullable(patchset).or(() -> zuul.flatMap(ZuulVars::patchset))
        .orElseThrow(() -> StepException.configuration("give --patchset M, or --zuul-vars of a change"));
    DeploySettings settings = options.settings(zuul, context.environment());
    ReleaseSource source = options.releaseSource(lane.renderTarget(), preview.mapText(), context);
    String commit = source.headCommit();
    String tag = selected.selection().imageTag(imageTag);
    List<String> warnings = new ArrayList<>();
    PreviewRelease previews = new PreviewRelease(new KubernetesSerialization());
    DesiredRelease desired = previews.of(source.current(commit, tag, Map.of(), warnings), lane);
    context.err().printf("preview: platform %s, change %d patch set %d, namespace %s, commit %s, %d objects%n",
        lane.platform().name(), lane.change(), ps, lane.namespace(), commit, desired.objects().size());
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("preview needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      new PreviewNamespaces(client, lane.platform(), context.clock(), context.err())
          .ensure(lane, ps, PreviewOwner.of(Optional.ofNullable(owner), options.tutorRoot(), commit));
      Deployer deployer = new Deployer(client, lane.previewTarget(), settings, context.clock(), context.err(), DeployProbe.NONE);
      DeployOutcome outcome = deployer.deploy(
          desired, Optional.of(lane.change()), Optional.of(ps),
          Optional.of(record -> previews.of(source.at(record.commit(), record.imageTag(), record.images(), warnings), lane)));
      warnings.addAll(outcome.warnings());
      List<Map<String, Object>> seeds = List.of();
      if (outcome.failure().isEmpty()) {
        seeds = new PreviewSeeds(client, lane, settings, context.clock(), context.err(), context.environment(),
            options.tutorRoot()).run(source, warnings);
      }
      warnings.forEach(w -> context.err().println("warning: " + w));
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("platform", lane.platform().name());
      report.put("namespace", lane.namespace());
      report.put("change", lane.change());
      report.put("patchset", ps);
      report.put("url", lane.url());
      report.put("deploy", DeployReport.of(lane.platform().name(), lane.namespace(), outcome));
      report.put("seeds", seeds);
      Map<String, Object> zuulData = new LinkedHashMap<>(DeployReport.zuul(warnings));
      zuulData.put("artifacts", List.of(Map.of("name", "Preview of change " + lane.change(), "url", lane.url())));
      ResultFile.write(common.result, Map.of("preview", report), zuulData);
      if (outcome.failure().isPresent()) {
        throw StepException.failure(
            "preview of change " + lane.change() + " in " + lane.namespace() + " failed: " + outcome.failure().get()
                + "\n" + outcome.rollback().orElse(""),
            null);
      }
      context.err().println(DeployReport.summary("preview", outcome));
      context.out().println(lane.url());
      return ExitCodes.OK;
    }
  }
}
