package io.lanes.steps.dojob;

import io.lanes.core.config.Target;
import io.lanes.steps.StepContext;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.deploy.RunLimits;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.zuul.ZuulVars;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code do}: where the Tutor project is, the lock, the deadlines (deploy's names and defaults). */
public final class DoOptions {
  @Option(names = "--tutor-root", paramLabel = "DIR", defaultValue = ".",
      description = "The platform's Tutor root (holds config.yml) in its git work tree (default: ${DEFAULT-VALUE}).")
  Path tutorRoot;

  @Option(names = "--kubectl", paramLabel = "FILE", description = "The kubectl to run kustomize with (default: kubectl on PATH).")
  Path kubectl;

  @Mixin RunLimits limits;

  DeploySettings settings(Optional<ZuulVars> zuul, Map<String, String> environment) {
    return limits.settings(zuul, environment, 1, false, false, 1);
  }

  ReleaseSource releaseSource(Target target, StepContext context) {
    Kustomize kustomize = Kustomize.locate(Optional.ofNullable(kubectl), context.environment());
    return new ReleaseSource(kustomize, target, tutorRoot, List.of(), context.environment(),
        limits.rolloutTimeout(), context.err());
  }
}
