package io.lanes.steps.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.kube.ReleaseStore;
import io.lanes.steps.render.ImagePins;
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
 * {@code zuul-steps deploy}: rolls the platform's namespace forward to the checked-out commit, in Tutor's order,
 * under the namespace's deploy lock; records the release, prunes what is no longer rendered, and rolls back to the
 * last recorded release when a rollout fails.
 */
@Command(
    name = "deploy",
    description = {
      "Deploy the platform's checked-out Tutor env into its namespace, rolling back on failure.",
      "Takes the deploy lock, checks the lane policy, applies server-side in Tutor's order (config, data stores, init"
          + " jobs, apps) waiting for each rollout, records the release and prunes objects no longer rendered; on a"
          + " failure, re-applies the last recorded release."
    })
public final class DeployStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Mixin DeployOptions options;

  @Option(
      names = "--image-tag",
      paramLabel = "TAG",
      description = "The tag of the platform's own images (default: change-<N>-ps-<M> from Zuul, else latest-<platform>).")
  String imageTag;

  @Option(
      names = "--image-digest",
      paramLabel = "IMAGE=DIGEST",
      description = "A promoted image's digest, e.g. openedx=sha256:...: its containers run exactly that image. Repeatable.")
  Map<String, String> imageDigests = new LinkedHashMap<>();

  @Option(
      names = "--keep-images",
      description = "Deploy with the images the namespace runs now: the current release's image tag and digests (for a"
          + " change that touched no image, so no container restarts and no init task runs again for it). Without a"
          + " release yet: latest-<platform>. Not with --image-tag or --image-digest.")
  boolean keepImages;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  DeployStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection.Selected selected = selection.select();
    Optional<ZuulVars> zuul = selected.zuul();
    Platform platform = selected.platform();
    Target target = selected.target();
    DeploySettings settings = options.settings(zuul, context.environment());
    ImagePins.validate(imageDigests);
    if (keepImages && (imageTag != null || !imageDigests.isEmpty())) {
      throw StepException.configuration("--keep-images: not with --image-tag or --image-digest (it takes both from the current release)");
    }
    ReleaseSource source = options.releaseSource(target, selection.mapText(), context);
    String commit = source.headCommit();
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("deploy needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      Images images = keepImages ? Images.current(client, platform) : new Images(selected.imageTag(imageTag), imageDigests);
      String tag = images.tag();
      List<String> warnings = new ArrayList<>();
      DesiredRelease desired = source.current(commit, tag, images.digests(), warnings);
      context.err().printf(
          "deploy: platform %s, namespace %s, commit %s, image tag %s%s, %d objects%n",
          platform.name(), platform.namespace(), commit, tag, keepImages ? " (kept: " + images.origin() + ")" : "",
          desired.objects().size());
      context.err().printf("deploy: holder %s, cluster %s%n", settings.holder(), client.getMasterUrl());
      Deployer deployer =
          new Deployer(client, target, settings, context.clock(), context.err(), DeployProbe.NONE).checkingOpenedxRelease();
      DeployOutcome outcome;
      try {
        outcome =
            deployer.deploy(
                desired,
                zuul.flatMap(ZuulVars::change),
                zuul.flatMap(ZuulVars::patchset),
                Optional.of(record -> source.at(record.commit(), record.imageTag(), record.images(), warnings)));
      } catch (StepException e) {
        // No rollback ran (nothing to roll back to, or a failure that is not the release's): the result still says
        // exactly what was applied before it, then the step exits with the failure's own code.
        DeployOutcome failed = DeployOutcome.failed(deployer.applied(), warnings, e.getMessage());
        ResultFile.write(common.result, Map.of("deploy", DeployReport.of(platform.name(), platform.namespace(), failed)), Map.of());
        throw e;
      }
      warnings.addAll(outcome.warnings());
      warnings.forEach(w -> context.err().println("warning: " + w));
      ResultFile.write(
          common.result,
          Map.of("deploy", DeployReport.of(platform.name(), platform.namespace(), outcome.withWarnings(warnings))),
          DeployReport.zuul(warnings));
      if (outcome.failure().isPresent()) {
        throw StepException.failure(
            "deploy of commit " + commit + " to " + platform.namespace() + " failed: " + outcome.failure().get() + "\n"
                + outcome.rollback().orElse(""),
            null);
      }
      context.out().println(DeployReport.summary("deploy", outcome));
      return ExitCodes.OK;
    }
  }

  /**
   * The platform's own images a deploy pins: their tag and digests, and where they came from.
   *
   * @param origin for {@code --keep-images}: the release they were taken from, or that there was none
   */
  record Images(String tag, Map<String, String> digests, String origin) {
    Images(String tag, Map<String, String> digests) {
      this(tag, digests, "given");
    }

    /** The images of the namespace's current release; {@code latest-<platform>} by tag when it has none yet. */
    static Images current(KubernetesClient client, Platform platform) {
      return new ReleaseStore(client, platform.namespace(), platform.name()).latest()
          .map(r -> new Images(r.imageTag(), r.images(), "release " + r.number()))
          .orElseGet(() -> new Images(LaneNames.latestTag(platform), Map.of(), "no release yet"));
    }
  }
}
