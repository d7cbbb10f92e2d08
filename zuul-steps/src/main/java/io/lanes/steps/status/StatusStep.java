package io.lanes.steps.status;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.config.PlatformSelection;
import io.lanes.steps.kube.KubeOptions;
import io.lanes.steps.objectstore.S3Credentials;
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
 * {@code zuul-steps status}: what runs where, read only. Per platform (the one named, else every platform in the
 * map): the current release and the ones kept, the deploy lock's holder, whether the platform is frozen now. It only
 * gets and lists; a namespace it cannot read is one line for that platform, not a failure of the others.
 */
@Command(
    name = "status",
    description = {
      "Show each platform's current and kept releases, deploy lock holder and freeze, reading the cluster without"
          + " changing it.",
      "Reads the release records and the deploy Lease in each platform's namespace (get and list only). A platform"
          + " whose namespace cannot be read is one line; the step fails only when --platform names it or when no"
          + " platform could be read."
    })
public final class StatusStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformMapOptions platformMap;

  @Option(names = "--platform", paramLabel = "NAME",
      description = "Show only this platform, as named in the platform map (default: every platform in the map).")
  String platform;

  @Mixin KubeOptions kube;

  @Option(names = "--s3-access-key-env", paramLabel = "VAR",
      description = "The environment variable holding an S3 access key that may list every shown platform's backups;"
          + " with --s3-secret-key-env, status also shows each platform's newest backup.")
  String accessKeyVariable;

  @Option(names = "--s3-secret-key-env", paramLabel = "VAR",
      description = "The environment variable holding that S3 access key's secret.")
  String secretKeyVariable;

  @Mixin CommonOptions common;

  StatusStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformMap map = platformMap.load();
    List<Platform> platforms = platform != null
        ? List.of(PlatformSelection.byName(map, platform))
        : List.copyOf(map.platforms().values());
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("status needs a cluster: give --kubeconfig FILE or --in-cluster"));
    Instant now = context.clock().instant();
    if ((accessKeyVariable == null) != (secretKeyVariable == null)) {
      throw StepException.configuration("give both --s3-access-key-env and --s3-secret-key-env, or neither");
    }
    Optional<S3Credentials> credentials = accessKeyVariable == null
        ? Optional.empty()
        : Optional.of(S3Credentials.fromEnvironment(context.environment(), accessKeyVariable, secretKeyVariable));
    List<PlatformStatus> statuses = new ArrayList<>();
    try (client) {
      for (Platform p : platforms) {
        PlatformStatus status = StatusReader.read(client, p, now);
        statuses.add(status.error().isPresent() ? status : status.withBackup(StatusReader.backup(map, p, credentials, now)));
      }
    }
    for (PlatformStatus status : statuses) {
      status.lines().forEach(context.out()::println);
    }
    context.out().flush();
    long unreadable = statuses.stream().filter(s -> s.error().isPresent()).count();
    if (unreadable == statuses.size()) {
      throw StepException.failure(
          platform != null
              ? "cannot read the namespace of platform " + platform + ": " + statuses.get(0).error().orElseThrow()
              : "cannot read the namespace of any platform (" + unreadable + ")",
          null);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("time", now.toString());
    status.put("platforms", statuses.stream().map(PlatformStatus::toResult).toList());
    ResultFile.write(common.result, Map.of("status", status), Map.of());
    return ExitCodes.OK;
  }
}
