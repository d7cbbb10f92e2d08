package io.lanes.steps.cluster;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps cluster storage}: ensures the spec's Cinder CSI StorageClass exists in the cluster and, unless
 * the spec says otherwise, is the only default one. Makes no write when the cluster already matches.
 */
@Command(name = "storage", description = "Ensure the cluster's default Cinder CSI StorageClass.")
public final class ClusterStorageStep implements Callable<Integer> {
  static final int REQUEST_RETRIES = 2;

  private final StepContext context;

  @Mixin SpecOptions spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The cluster's kubeconfig, e.g. from cluster kubeconfig (default: KUBECONFIG).")
  Path kubeconfig;

  @Mixin CommonOptions common;

  ClusterStorageStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ClusterSpec.Storage storage = spec.load().storage();
    Path file =
        Optional.ofNullable(kubeconfig)
            .or(() -> Optional.ofNullable(context.environment().get("KUBECONFIG")).filter(k -> !k.isBlank())
                .map(Path::of))
            .orElseThrow(() -> StepException.configuration("no kubeconfig: give --kubeconfig FILE or set KUBECONFIG"));
    Config config;
    try {
      config = Config.fromKubeconfig(PlatformMapOptions.readFile(file));
    } catch (KubernetesClientException e) {
      throw StepException.configuration(file + ": not a usable kubeconfig: " + e.getMessage(), e);
    }
    // A CLI step reports an unreachable API in seconds rather than after fabric8's ten backed-off retries.
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    String name = storage.storageClass();
    List<String> changes;
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      changes = StorageClassApplier.apply(client, storage, context.out());
    } catch (KubernetesClientException e) {
      throw StepException.failure(
          "StorageClass " + name + " in " + config.getMasterUrl() + ": " + firstLine(e.getMessage()), e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("storage_class", name);
    summary.put("default", storage.isDefault());
    summary.put("changes", changes);
    ResultFile.write(common.result, Map.of("storage", summary), Map.of());
    return ExitCodes.OK;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
