package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.kube.ReleaseStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.kube.KubeOptions;
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
 * {@code zuul-steps rollback [--to N]}: applies a recorded release again (by default the one before the latest),
 * rendered from its commit with its image digests, the same way deploy applies; recorded as a new release.
 */
@Command(
    name = "rollback",
    description = {
      "Re-apply a recorded release of the platform (default: the one before the latest).",
      "Renders it again from its commit with its recorded image digests and applies it under the deploy lock; it is"
          + " recorded as a new release."
    })
public final class RollbackStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Mixin DeployOptions options;

  @Option(names = "--to", paramLabel = "RELEASE", description = "The release number to go back to (see the release records).")
  Integer to;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  RollbackStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection.Selected selected = selection.select();
    Platform platform = selected.platform();
    Target target = selected.target();
    DeploySettings settings = options.settings(selected.zuul(), context.environment());
    ReleaseSource source = options.releaseSource(target, selection.mapText(), context);
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("rollback needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      ReleaseStore store = new ReleaseStore(client, platform.namespace(), platform.name());
      ReleaseRecord chosen = chosen(store, platform);
      context.err().printf(
          "rollback: platform %s, namespace %s, to release %d (commit %s, image tag %s)%n",
          platform.name(), platform.namespace(), chosen.number(), chosen.commit(), chosen.imageTag());
      List<String> warnings = new ArrayList<>();
      RollbackAcrossUpgrade.notice(store.all(), chosen, platform.name()).ifPresent(notice -> {
        context.err().println("rollback: " + notice);
        warnings.add(notice);
      });
      DesiredRelease desired = source.at(chosen.commit(), chosen.imageTag(), chosen.images(), warnings)
          .withOpenedxRelease(chosen.openedxRelease());
      if (!desired.manifestDigest().equals(chosen.manifestDigest())) {
        warnings.add("release " + chosen.number() + " rendered again from commit " + chosen.commit()
            + " has manifest digest " + desired.manifestDigest() + ", the record says " + chosen.manifestDigest()
            + " (kubectl or kustomize changed?)");
      }
      Deployer deployer = new Deployer(client, target, settings, context.clock(), context.err(), DeployProbe.NONE);
      DeployOutcome outcome;
      try {
        outcome = deployer.deploy(desired, chosen.change(), chosen.patchset(), Optional.empty());
      } catch (StepException e) {
        // As deploy: the result says exactly what was applied before the failure, then the failure's own code.
        DeployOutcome failed = DeployOutcome.failed(deployer.applied(), warnings, e.getMessage());
        Map<String, Object> report = new LinkedHashMap<>(DeployReport.of(platform.name(), platform.namespace(), failed));
        report.put("to", chosen.number());
        ResultFile.write(common.result, Map.of("rollback", report), Map.of());
        throw e;
      }
      warnings.addAll(outcome.warnings());
      warnings.forEach(w -> context.err().println("warning: " + w));
      Map<String, Object> report =
          new LinkedHashMap<>(DeployReport.of(platform.name(), platform.namespace(), outcome.withWarnings(warnings)));
      report.put("to", chosen.number());
      ResultFile.write(common.result, Map.of("rollback", report), DeployReport.zuul(warnings));
      context.out().println(DeployReport.summary("rollback to release " + chosen.number(), outcome));
      return ExitCodes.OK;
    }
  }

  private ReleaseRecord chosen(ReleaseStore store, Platform platform) {
    if (to != null) {
      return store.get(to);
    }
    List<ReleaseRecord> all = store.all();
    if (all.size() < 2) {
      throw StepException.configuration(
          "platform " + platform.name() + " has " + all.size() + " recorded release(s) in namespace "
              + platform.namespace() + ": nothing before the latest to roll back to (give --to N)");
    }
    return all.get(all.size() - 2);
  }
}
