package io.lanes.steps.takeover;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.AtomicFile;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.BackupOptions;
import io.lanes.steps.backup.DatabaseOptions;
import io.lanes.steps.backup.DecryptionOptions;
import io.lanes.steps.backup.TakeoverRestore;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.deploy.DeployOptions;
import io.lanes.steps.deploy.DeployOutcome;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.Deployer;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.KubeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * {@code zuul-steps takeover}: the DR runbook as one command. Verifies the platform's newest backup and its binlogs,
 * restores them into the DR site's databases ({@link TakeoverRestore}), deploys the platform's release into its
 * namespace on the DR cluster ({@link Deployer}), and reports RTO and the recovery point; a re-run after a failure
 * resumes where it stopped.
 */
@Command(
    name = "takeover",
    resourceBundle = "io.lanes.steps.takeover.TakeoverStep",
    description = {
      "Take a platform over at the DR site: restore its newest verified backup and binlogs, deploy it to the DR cluster.",
      "Verifies every object and binlog segment first; restores under the databases' own names into the DR site's"
          + " databases (the binlogs replayed up to the newest second they cover, or --to-time); deploys the checked-out"
          + " release into the platform's namespace on its cluster's drCluster; reports RTO and the recovery point."
          + " Without --confirm it shows the plan and changes nothing. A re-run after a failure resumes it."
    })
public final class TakeoverStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin BackupOptions backup;
  @Mixin DecryptionOptions decryption;
  @Mixin DatabaseOptions databases;
  @Mixin DeployOptions options;

  @Option(names = "--to-cluster", paramLabel = "NAME",
      description = "The DR cluster, as named in the map (default: the drCluster of the platform's cluster).")
  String toCluster;

  @Option(names = "--to-time", paramLabel = "RFC3339",
      description = "Replay the binlogs up to this time rather than the newest second they cover.")
  String toTime;

  @Option(names = "--image-tag", paramLabel = "TAG",
      description = "The tag of the platform's own images (default: latest-<platform>, what promote tags).")
  String imageTag;

  @Option(names = "--image-digest", paramLabel = "IMAGE=DIGEST",
      description = "A promoted image's digest, as deploy's. Repeatable.")
  Map<String, String> imageDigests = new LinkedHashMap<>();

  @Option(names = "--into-live",
      description = "Restore even where the DR site's databases already exist (replaces them; with --confirm).")
  boolean intoLive;

  @Option(names = "--confirm", description = "Do it: without it, takeover shows the plan and changes nothing.")
  boolean confirm;

  @Option(names = "--plan",
      description = "Only show the plan (and write it to --report and --result), exit 0, change nothing; not with"
          + " --confirm.")
  boolean planOnly;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the plan and the outcome (taken over, or the failure) here as Markdown.")
  Path report;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  TakeoverStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Instant start = context.clock().instant();
    if (planOnly && confirm) {
      throw StepException.configuration("give --plan or --confirm, not both");
    }
    PlatformSelection selection = backup.selection();
    PlatformSelection.Selected selected = selection.select();
    Platform platform = selected.platform();
    Target dr = DrTarget.of(selected.map(), platform, Optional.ofNullable(toCluster));
    List<String> planned = new ArrayList<>();
    try (TakeoverRestore data = TakeoverRestore.open(
        backup, decryption, databases, context.environment(), context.clock(), context.err(), dr)) {
      TakeoverRestore.Plan plan = data.plan(toTime);
      planned.addAll(TakeoverReport.plan(platform, dr, plan));
      context.err().println("takeover of platform " + platform.name() + ":");
      planned.forEach(line -> context.err().println("  " + line));
      if (planOnly) {
        ResultFile.write(common.result, Map.of("takeover_plan", TakeoverReport.planResult(platform, dr, plan)),
            Map.of());
        writeReport(TakeoverReport.markdown(platform.name(), true, planned, List.of(), Optional.empty()));
        context.out().println("takeover of " + platform.name() + ": plan only, nothing changed");
        return ExitCodes.OK;
      }
      if (!confirm) {
        throw StepException.configuration("takeover changes the DR site's databases and cluster: add --confirm to do"
            + " it (nothing was changed)");
      }
      KubernetesClient client = kube.connect(context.environment()).orElseThrow(() -> StepException.configuration(
          "takeover deploys to the DR cluster: give --kubeconfig FILE or --in-cluster"));
      try (client) {
        data.verify(plan);
        data.restore(plan, intoLive);
        DeployOutcome outcome = deploy(client, selection, selected, dr);
        Duration rto = Duration.between(start, context.clock().instant());
        data.finished(plan, rto);
        ResultFile.write(common.result, Map.of("takeover", TakeoverReport.result(platform, dr, plan, rto, outcome)),
            Map.of());
        List<String> summary = TakeoverReport.summary(platform, dr, plan, rto, outcome);
        writeReport(TakeoverReport.markdown(platform.name(), false, planned, summary, Optional.empty()));
        summary.forEach(context.out()::println);
        return ExitCodes.OK;
      }
    } catch (RuntimeException e) {
      if (confirm || planOnly) {
        writeReport(TakeoverReport.markdown(platform.name(), planOnly, planned, List.of(),
            Optional.of(String.valueOf(e.getMessage()))));
      }
      throw e;
    }
  }

  /** Writes {@code markdown} to {@code --report}, when given. */
  private void writeReport(String markdown) {
    if (report == null) {
      return;
    }
    try {
      AtomicFile.replace(report, false, partial -> Files.writeString(partial, markdown));
    } catch (IOException e) {
      throw StepException.configuration("cannot write the report " + report + ": " + e.getMessage(), e);
    }
  }

  private DeployOutcome deploy(
      KubernetesClient client, PlatformSelection selection, PlatformSelection.Selected selected, Target dr) {
    ReleaseSource source = options.releaseSource(dr, selection.mapText(), context);
    String commit = source.headCommit();
    List<String> warnings = new ArrayList<>();
    DesiredRelease desired = source.current(commit, selected.imageTag(imageTag), imageDigests, warnings);
    context.err().printf("takeover: deploying commit %s into %s on %s%n", commit, dr.namespace(), client.getMasterUrl());
    Deployer deployer = new Deployer(client, dr, options.settings(Optional.empty(), context.environment()),
        context.clock(), context.err(), DeployProbe.NONE);
    DeployOutcome outcome = deployer.deploy(desired, Optional.empty(), Optional.empty(),
        Optional.of(record -> source.at(record.commit(), record.imageTag(), record.images(), warnings)));
    warnings.forEach(w -> context.err().println("warning: " + w));
    if (outcome.failure().isPresent()) {
      throw StepException.failure("takeover: the deploy to " + dr.namespace() + " failed: " + outcome.failure().get()
          + "; the data is restored: run takeover again to deploy", null);
    }
    return outcome;
  }
}
