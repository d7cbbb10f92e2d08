package io.lanes.steps.preview;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.kube.KubeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps preview down}: deletes a change's preview namespace, with everything in it, and waits until it is
 * gone; with {@code --expired}, every preview of the platform past its time to live.
 */
@Command(
    name = "down",
    description = {
      "Remove the change's preview (its namespace and everything in it) and wait until it is gone; or, with"
          + " --expired, every preview of the platform past its time to live.",
      "Touches only namespaces labelled as previews of the platform; a preview that does not exist is no error."
    })
public final class PreviewDownStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PreviewTarget preview;

  @Option(names = "--expired", description = "Remove every preview of the platform older than its ttlHours (since its last update).")
  boolean expired;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait for a namespace to be gone (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000", hidden = true,
      description = "How often the namespace is polled.")
  int pollMillis;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  PreviewDownStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (waitSeconds <= 0 || pollMillis <= 0) {
      throw StepException.configuration("--wait and --poll-interval must be positive");
    }
    PreviewTarget.Selected selected = preview.select();
    if (expired && preview.change != null) {
      throw StepException.configuration("give either --change or --expired, not both");
    }
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("preview needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      PreviewNamespaces namespaces =
          new PreviewNamespaces(client, selected.selection().platform(), context.clock(), context.err());
      List<String> removed = new ArrayList<>();
      Duration wait = Duration.ofSeconds(waitSeconds);
      Duration poll = Duration.ofMillis(pollMillis);
      if (expired) {
        Instant now = context.clock().instant();
        for (PreviewNamespaces.Live live : namespaces.list()) {
          if (live.age(now).compareTo(selected.settings().ttl()) > 0 && namespaces.delete(live.namespace(), wait, poll)) {
            removed.add(live.namespace());
          }
        }
      } else {
        PreviewLane lane = selected.lane(preview.change, false);
        if (namespaces.delete(lane.namespace(), wait, poll)) {
          removed.add(lane.namespace());
        } else {
          context.err().printf("preview: change %d has no preview (no namespace %s)%n", lane.change(), lane.namespace());
        }
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("platform", selected.selection().platform().name());
      report.put("removed", removed);
      ResultFile.write(common.result, Map.of("preview", report), Map.of());
      context.out().println("preview down: " + (removed.isEmpty() ? "nothing removed" : "removed " + String.join(", ", removed)));
      return ExitCodes.OK;
    }
  }
}
