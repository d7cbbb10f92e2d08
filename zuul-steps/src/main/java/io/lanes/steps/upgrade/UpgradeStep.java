package io.lanes.steps.upgrade;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.BackupGate;
import io.lanes.steps.backup.BackupOptions;
import io.lanes.steps.backup.DecryptionOptions;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.deploy.DeployOptions;
import io.lanes.steps.deploy.DeployProbe;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.DesiredRelease;
import io.lanes.steps.kube.ReleaseRecord;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.registry.RegistryAccess;
import io.lanes.steps.tutor.TutorUpgrades;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps upgrade --from <release>}: what {@code tutor k8s upgrade --from} runs for the hop, gated on the
 * hops' images being in the registry and a fresh verified backup, then a deploy recorded as the upgrade (with the
 * backup's id); see {@link UpgradeDecision} and {@link Upgrader}.
 */
@Command(
    name = "upgrade",
    description = {
      "Upgrade the platform across Open edX releases: Tutor's upgrade steps, then a deploy, after a fresh verified backup.",
      "Reads from Tutor what `tutor k8s upgrade --from RELEASE` does and runs it in Tutor's order under one hold of the"
          + " deploy lock: its tasks and the commands it execs in lms and cms as Jobs, its MongoDB and MySQL major-version"
          + " hops as Jobs (each intermediate version's image from the platform's mirror, checked first), lilac's deletion"
          + " of the platform's Deployments and Services; refuses, by name, what it cannot run as Tutor would; requires the"
          + " platform's newest complete backup to be younger than --backup-max-age and verifies it as restore --dry-run"
          + " does; then deploys, recording the backup's id in the release."
    })
public final class UpgradeStep implements Callable<Integer> {
  /** How long the registry may take to answer one of the image check's requests. */
  static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);

  private final StepContext context;

  @Mixin BackupOptions backup;

  @Mixin DecryptionOptions decryption;

  @Mixin DeployOptions options;

  @Option(names = "--from", required = true, paramLabel = "RELEASE",
      description = "The Open edX release the platform runs now, e.g. ulmo (Tutor's names).")
  String from;

  @Option(names = "--backup-max-age", paramLabel = "SECONDS", defaultValue = "7200",
      description = "How old the newest complete backup may be (default: ${DEFAULT-VALUE}, two hours).")
  long backupMaxAge;

  @Option(names = "--image-tag", paramLabel = "TAG",
      description = "The tag of the platform's own images (default: as deploy's).")
  String imageTag;

  @Option(names = "--image-digest", paramLabel = "IMAGE=DIGEST",
      description = "A promoted image's digest, as deploy's. Repeatable.")
  Map<String, String> imageDigests = new LinkedHashMap<>();

  @Option(names = "--no-image-check",
      description = "Do not check that the registry holds each database hop's image before anything stops (for a"
          + " cluster that pulls them from elsewhere): a missing one then fails its hop's Job, after its database stopped.")
  boolean noImageCheck;

  @Mixin RegistryAccess registry;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  UpgradeStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection selection = backup.selection();
    PlatformSelection.Selected selected = selection.select();
    Platform platform = selected.platform();
    Target target = selected.target();
    DeploySettings settings = options.settings(selected.zuul(), context.environment());
    if (backupMaxAge <= 0) {
      throw StepException.configuration("--backup-max-age " + backupMaxAge + ": must be positive");
    }
    TutorUpgrades.Plan plan = TutorUpgrades.plan(options.tutorRoot(), context.environment(), from);
    UpgradeDecision.check(plan);
    registry.refuseCredentials();
    context.err().printf("upgrade: platform %s, namespace %s, Open edX %s%n", platform.name(), platform.namespace(),
        String.join(" → ", plan.releases()));
    ReleaseSource source = options.releaseSource(target, selection.mapText(), context);
    String commit = source.headCommit();
    String tag = selected.imageTag(imageTag);
    List<String> warnings = new ArrayList<>();
    DesiredRelease desired = source.current(commit, tag, imageDigests, warnings);
    List<GenericKubernetesResource> templates = source.templatesAt(commit, tag, imageDigests, warnings);
    // Before the backup gate: a few HEADs fail faster than a backup's verification, and a backup taken after
    // mirroring the images is still fresh when the upgrade runs.
    HopPlan hops = HopPlan.of(plan, desired.objects(), platform.name(), settings.rolloutTimeout());
    if (noImageCheck) {
      if (!hops.hops().isEmpty()) {
        warnings.add("--no-image-check: the database hops' images were not checked in the registry");
      }
    } else {
      HopImages.check(plan.from(), hops.hops(), registry, context.environment(), REGISTRY_TIMEOUT);
    }
    BackupGate.VerifiedBackup verified = BackupGate.verifiedBackup(
        backup, decryption, Duration.ofSeconds(backupMaxAge), context.clock().instant(), context.environment(), context.err());
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("upgrade needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      Upgrader upgrader = new Upgrader(client, target, settings, context.clock(), context.err(), DeployProbe.NONE);
      ReleaseRecord.Upgrade upgrade = new ReleaseRecord.Upgrade(plan.from(), plan.to(), verified.id());
      Upgrader.Outcome outcome = upgrader.upgrade(plan, templates, desired, upgrade,
          record -> source.at(record.commit(), record.imageTag(), record.images(), warnings));
      warnings.addAll(outcome.warnings());
      warnings.addAll(outcome.deploy().warnings());
      warnings.forEach(w -> context.err().println("warning: " + w));
      ResultFile.write(common.result, Map.of("upgrade", outcome.report(platform, upgrade, warnings)), Map.of());
      if (outcome.deploy().failure().isPresent()) {
        throw StepException.failure("upgrade of " + platform.namespace() + " from " + plan.from() + " failed: "
            + outcome.deploy().failure().get() + "\n" + outcome.deploy().rollback().orElse("")
            + "\nthe data from before the upgrade is backup " + verified.id(), null);
      }
      context.out().printf("upgrade from %s to %s: %d database hops, %d Tutor tasks, %d Tutor commands, release %d"
              + " recorded with backup %s%n",
          plan.from(), plan.to(), outcome.hops().size(), outcome.tasks(), outcome.commands(),
          outcome.deploy().release().map(ReleaseRecord::number).orElse(0), verified.id());
      return ExitCodes.OK;
    }
  }
}
