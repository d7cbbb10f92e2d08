package io.lanes.steps.deploy;

import io.lanes.steps.StepException;
import io.lanes.steps.render.InitJobs;
import io.lanes.steps.zuul.ZuulVars;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The flags every run that writes a platform's namespace shares ({@code deploy}, {@code rollback}, {@code do},
 * {@code upgrade}, {@code preview up}, {@code takeover}): the deploy lock, and how long waits may take. One place for
 * their names, defaults and checks.
 */
public final class RunLimits {
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
      description = "How long to wait for another run's deploy lock before failing (default: ${DEFAULT-VALUE}).")
  int lockWait;

  @Option(names = "--rollout-timeout", paramLabel = "SECONDS", defaultValue = InitJobs.DEFAULT_DEADLINE_SECONDS,
      description = "How long one object's rollout or one task's Job (a Tutor init or do task: its"
          + " activeDeadlineSeconds) may take (default: ${DEFAULT-VALUE}).")
  int rolloutTimeout;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "How long the whole run may take, waits included (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "2000", hidden = true,
      description = "How often locks, rollouts and Jobs are polled.")
  int pollMillis;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long one rollout or task's Job may take. */
  public Duration rolloutTimeout() {
    return Duration.ofSeconds(rolloutTimeout);
  }

  /**
   * The settings of a run with these limits and the given apply options; a configuration error naming the flag and
   * the value given when a number is not positive ({@code --lock-wait} may be 0: fail at once on a held lock).
   */
  public DeploySettings settings(Optional<ZuulVars> zuul, Map<String, String> environment, int parallelism,
      boolean forceConflicts, boolean pruneVolumes, int keepReleases) {
    positive("--lock-ttl", lockTtl);
    if (lockWait < 0) {
      throw StepException.configuration("--lock-wait " + lockWait + ": must be 0 or more");
    }
    positive("--rollout-timeout", rolloutTimeout);
    positive("--timeout", timeout);
    positive("--poll-interval", pollMillis);
    String id = holder != null ? holder : defaultHolder(zuul.flatMap(ZuulVars::buildUuid), environment);
    return new DeploySettings(
        id, Duration.ofSeconds(lockTtl), Duration.ofSeconds(lockWait), rolloutTimeout(), Duration.ofSeconds(timeout),
        Duration.ofMillis(pollMillis), parallelism, forceConflicts, pruneVolumes, keepReleases);
  }

  /** A configuration error ({@code FLAG VALUE: must be positive}) unless {@code value} is positive. */
  public static void positive(String flag, int value) {
    if (value <= 0) {
      throw StepException.configuration(flag + " " + value + ": must be positive");
    }
  }

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
