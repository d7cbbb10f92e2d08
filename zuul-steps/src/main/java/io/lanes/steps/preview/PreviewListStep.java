package io.lanes.steps.preview;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformSelection;
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

/** {@code zuul-steps preview list}: the platform's previews with change, patch set, owner, age and time left. */
@Command(name = "list", description = "List the platform's previews: namespace, change, patch set, owner, age, time left.")
public final class PreviewListStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  PreviewListStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection.Selected selected = selection.select();
    Duration ttl = selected.map().preview(selected.platform().name())
        .map(s -> s.ttl())
        .orElseThrow(() -> StepException.configuration(
            "platform " + selected.platform().name() + " has no [preview \"" + selected.platform().name()
                + "\"] section in lanes.config: it has no previews"));
    KubernetesClient client = kube.connect(context.environment())
        .orElseThrow(() -> StepException.configuration("preview needs a cluster: give --kubeconfig FILE or --in-cluster"));
    try (client) {
      Instant now = context.clock().instant();
      List<PreviewNamespaces.Live> previews =
          new PreviewNamespaces(client, selected.platform(), context.clock(), context.err()).list();
      List<Map<String, Object>> rows = new ArrayList<>();
      context.out().printf("%-40s %8s %3s %-20s %8s %8s%n", "NAMESPACE", "CHANGE", "PS", "OWNER", "AGE", "LEFT");
      for (PreviewNamespaces.Live live : previews) {
        Duration age = live.age(now);
        Duration left = ttl.minus(age);
        context.out().printf("%-40s %8d %3d %-20s %8s %8s%n", live.namespace(), live.change(), live.patchset(),
            live.owner(), duration(age), live.terminating() ? "deleting" : left.isNegative() ? "expired" : duration(left));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("namespace", live.namespace());
        row.put("change", live.change());
        row.put("patchset", live.patchset());
        row.put("owner", live.owner());
        row.put("updated", live.updated().toString());
        row.put("age_seconds", age.toSeconds());
        row.put("expired", left.isNegative());
        rows.add(row);
      }
      ResultFile.write(common.result, Map.of("preview", Map.of("platform", selected.platform().name(), "previews", rows)), Map.of());
      return ExitCodes.OK;
    }
  }

  /** {@code 3d4h}, {@code 5h12m}, {@code 42m}. */
  static String duration(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes >= 24 * 60) {
      return minutes / (24 * 60) + "d" + minutes % (24 * 60) / 60 + "h";
    }
    if (minutes >= 60) {
      return minutes / 60 + "h" + minutes % 60 + "m";
    }
    return minutes + "m";
  }
}
