package io.lanes.steps.deploy;

import io.lanes.core.config.Target;
import io.lanes.steps.StepContext;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.render.ReleaseAddition;
import io.lanes.steps.zuul.ZuulVars;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags {@code deploy} and {@code rollback} share: where the platform's Tutor root is, how to behave. */
public final class DeployOptions {
  @Option(
      names = "--tutor-root",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The platform's Tutor root in its git work tree: its env/ is rendered (default: ${DEFAULT-VALUE}).")
  Path tutorRoot;

  @Option(names = "--kubectl", paramLabel = "FILE", description = "The kubectl to run kustomize with (default: kubectl on PATH).")
  Path kubectl;

  @Mixin RunLimits limits;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8",
      description = "How many objects of one phase are applied at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--force-conflicts",
      description = "Take over fields another field manager owns (default: a conflict fails the deploy).")
  boolean forceConflicts;

  @Option(names = "--prune-volumes",
      description = "Also delete PersistentVolumeClaims that are no longer rendered (default: kept, with a warning).")
  boolean pruneVolumes;

  @Mixin ReleaseAddition addition;

  @Option(names = "--keep-releases", paramLabel = "N", defaultValue = "10",
      description = "How many release records to keep in the namespace (default: ${DEFAULT-VALUE}).")
  int keepReleases;

  /** The platform's Tutor root. */
  public Path tutorRoot() {
    return tutorRoot;
  }

  /** Where deploy and rollback render releases from: kustomize, the Tutor tree, the platform's backup objects. */
  public ReleaseSource releaseSource(Target target, String mapText, StepContext context) {
    Kustomize kustomize = Kustomize.locate(Optional.ofNullable(kubectl), context.environment());
    return new ReleaseSource(
        kustomize, target, tutorRoot, addition.objects(target, mapText), context.environment(),
        limits.rolloutTimeout(), context.err());
  }

  /** The settings of a deploy with these flags. */
  public DeploySettings settings(Optional<ZuulVars> zuul, Map<String, String> environment) {
    RunLimits.positive("--parallelism", parallelism);
    RunLimits.positive("--keep-releases", keepReleases);
    return limits.settings(zuul, environment, parallelism, forceConflicts, pruneVolumes, keepReleases);
  }
}
