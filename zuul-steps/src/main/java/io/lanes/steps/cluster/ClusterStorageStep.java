package io.lanes.steps.cluster;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
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
    StorageClass desired = DefaultStorageClass.desired(storage);
    String name = storage.storageClass();
    List<String> changes = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var storageClasses = client.storage().v1().storageClasses();
      List<StorageClass> existing = storageClasses.list().getItems();
      Optional<StorageClass> current = existing.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
      if (current.isPresent()) {
        List<String> immutable = DefaultStorageClass.immutableDifferences(desired, current.get());
        if (!immutable.isEmpty()) {
          throw StepException.configuration(
              "StorageClass " + name + " exists with other settings Kubernetes cannot change ("
                  + String.join("; ", immutable) + "): delete it or give storage.storageClass another name; "
                  + "nothing was changed");
        }
      }
      if (current.isEmpty()) {
        context.out().println("+ create StorageClass " + name + " (" + DefaultStorageClass.PROVISIONER
            + (storage.isDefault() ? ", default" : "") + ")");
        storageClasses.resource(desired).create();
        changes.add("create " + name);
      } else {
        List<String> mutable = DefaultStorageClass.mutableDifferences(desired, current.get());
        if (mutable.isEmpty()) {
          context.out().println("= StorageClass " + name + " is up to date");
        } else {
          context.out().println("~ update StorageClass " + name + " (" + String.join(", ", mutable) + ")");
          storageClasses.withName(name).edit(s -> new StorageClassBuilder(s)
              .editMetadata()
              .addToLabels(desired.getMetadata().getLabels())
              .addToAnnotations(desired.getMetadata().getAnnotations())
              .endMetadata()
              .withAllowVolumeExpansion(desired.getAllowVolumeExpansion())
              .build());
          changes.add("update " + name);
        }
      }
      if (storage.isDefault()) {
        for (StorageClass other : existing) {
          String otherName = other.getMetadata().getName();
          if (!otherName.equals(name) && DefaultStorageClass.isDefault(other)) {
            context.out().println("~ StorageClass " + otherName + " is no longer the default");
            storageClasses.withName(otherName).edit(s -> new StorageClassBuilder(s)
                .editMetadata()
                .addToAnnotations(DefaultStorageClass.DEFAULT_ANNOTATION, "false")
                .endMetadata()
                .build());
            changes.add("undefault " + otherName);
          }
        }
      }
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
