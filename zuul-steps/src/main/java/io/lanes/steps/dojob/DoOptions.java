package io.lanes.steps.dojob;

import io.lanes.core.config.Target;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.deploy.DeployOptions;
import io.lanes.steps.deploy.DeploySettings;
import io.lanes.steps.deploy.ReleaseSource;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.zuul.ZuulVars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags of {@code do}: where the Tutor project is, the lock, the deadlines (deploy's names and defaults). */
public final class DoOptions {
  @Option(names = "--tutor-root", paramLabel = "DIR", defaultValue = ".",
      description = "The platform's Tutor root (holds config.yml) in its git work tree (default: ${DEFAULT-VALUE}).")
  Path tutorRoot;

  @Option(names = "--kubectl", paramLabel = "FILE", description = "The kubectl to run kustomize with (default: kubectl on PATH).")
  Path kubectl;

  @Option(names = "--holder", paramLabel = "ID",
      description = "The deploy lock's holder identity (default: unique per run, as deploy's).")
  String holder;

  @Option(names = "--lock-ttl", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long the deploy lock holds without renewal (default: ${DEFAULT-VALUE}).")
  int lockTtl;

  @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long to wait for a deploy's lock before failing (default: ${DEFAULT-VALUE}).")
  int lockWait;

  @Option(names = "--rollout-timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long one task's Job may take: its activeDeadlineSeconds, as deploy's init tasks (default: ${DEFAULT-VALUE}).")
  int rolloutTimeout;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "How long the whole job may take (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "2000", hidden = true,
      description = "How often the lock and Jobs are polled.")
  int pollMillis;

  DeploySettings settings(Optional<ZuulVars> zuul, Map<String, String> environment) {
    for (Map.Entry<String, Integer> flag : Map.of("--lock-ttl", lockTtl, "--rollout-timeout", rolloutTimeout,
        "--timeout", timeout, "--poll-interval", pollMillis, "--lock-wait", lockWait + 1).entrySet()) {
      if (flag.getValue() <= 0) {
        throw StepException.configuration(flag.getKey() + " " + flag.getValue() + ": must be positive");
      }
    }
    String id = holder != null ? holder : DeployOptions.defaultHolder(zuul.flatMap(ZuulVars::buildUuid), environment);
    return new DeploySettings(id, Duration.ofSeconds(lockTtl), Duration.ofSeconds(lockWait),
        Duration.ofSeconds(rolloutTimeout), Duration.ofSeconds(timeout), Duration.ofMillis(pollMillis), 1, false, false, 1);
  }

  ReleaseSource releaseSource(Target target, StepContext context) {
    Kustomize kustomize = Kustomize.locate(Optional.ofNullable(kubectl), context.environment());
    return new ReleaseSource(kustomize, target, tutorRoot, List.of(), context.environment(),
        Duration.ofSeconds(rolloutTimeout), context.err());
  }
}
