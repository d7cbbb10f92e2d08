package io.lanes.steps.deploy;

import io.lanes.core.config.Target;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.render.ReleaseAddition;
import io.lanes.steps.zuul.ZuulVars;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
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

  @Option(
      names = "--holder",
      paramLabel = "ID",
      description = "The deploy lock's holder identity (default, unique per run: <Zuul build UUID>@<host>:<pid>:<random>,"
          + " else manual-<user>@<host>:<pid>:<random>).")
  String holder;

  @Option(names = "--lock-ttl", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long the deploy lock holds without renewal; renewed every third of it (default: ${DEFAULT-VALUE}).")
  int lockTtl;

  @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long to wait for another deploy's lock before failing (default: ${DEFAULT-VALUE}).")
  int lockWait;

  @Option(names = "--rollout-timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long one object's rollout or init Job (a Tutor init task: its activeDeadlineSeconds) may take"
          + " (default: ${DEFAULT-VALUE}).")
  int rolloutTimeout;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "How long the whole deploy may take, waits included (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "2000", hidden = true,
      description = "How often locks and rollouts are polled.")
  int pollMillis;

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
        Duration.ofSeconds(rolloutTimeout), context.err());
  }

  public DeploySettings settings(Optional<ZuulVars> zuul, Map<String, String> environment) {
    positive("--lock-ttl", lockTtl);
    positive("--lock-wait", lockWait + 1);
    positive("--rollout-timeout", rolloutTimeout);
    positive("--timeout", timeout);
    positive("--parallelism", parallelism);
    positive("--keep-releases", keepReleases);
    positive("--poll-interval", pollMillis);
    String id = holder != null ? holder : defaultHolder(zuul.flatMap(ZuulVars::buildUuid), environment);
    return new DeploySettings(
        id, Duration.ofSeconds(lockTtl), Duration.ofSeconds(lockWait), Duration.ofSeconds(rolloutTimeout),
        Duration.ofSeconds(timeout), Duration.ofMillis(pollMillis), parallelism, forceConflicts, pruneVolumes,
        keepReleases);
  }

  private static void positive(String flag, int value) {
    if (value <= 0) {
      throw StepException.configuration(flag + " " + value + ": must be positive");
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The lock holder of a run given no {@code --holder}: unique per run, so that two deploys (two maintainers, or two
   * processes of one Zuul build) never take each other's Lease for their own. The Zuul build's UUID (or {@code
   * manual-<user>}) says whose it is; host, process id and a random suffix make it this run's.
   */
  public static String defaultHolder(Optional<String> buildUuid, Map<String, String> environment) {
    String owner = buildUuid.orElseGet(() -> "manual-" + environment.getOrDefault("USER", "unknown"));
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return owner + "@" + host + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().toHexDigits(RANDOM.nextInt());
  }
}
