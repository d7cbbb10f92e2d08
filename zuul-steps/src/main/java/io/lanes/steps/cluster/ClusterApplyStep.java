package io.lanes.steps.cluster;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.cluster.ClusterPlan.ClusterAction;
import io.lanes.steps.openstack.MagnumClient;
import io.lanes.steps.openstack.MagnumCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps cluster apply}: creates the template if missing, creates or resizes the cluster, and waits
 * until Magnum is done. A spec that already matches makes no API writes.
 */
@Command(
    name = "apply",
    description = "Create the template if missing, create or resize the cluster, wait until Magnum is done.")
public final class ClusterApplyStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin SpecOptions spec;
  @Mixin CloudOptions cloud;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60m",
      converter = DurationConverter.class,
      description = "How long to wait for Magnum to finish (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description = "How often to ask Magnum for the cluster's status (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Mixin CommonOptions common;

  ClusterApplyStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ClusterSpec clusterSpec = spec.load();
    MagnumClient magnum = cloud.magnum(context);
    ClusterWaiter waiter = new ClusterWaiter(magnum, context.clock(), context.err(), pollInterval, timeout);
    String name = clusterSpec.cluster().name();

    ClusterPlan plan = ClusterPlanStep.observe(magnum, clusterSpec);
    plan.lines().forEach(context.out()::println);
    plan.check();
    List<String> changes = new ArrayList<>();
    if (plan.clusterAction() == ClusterAction.WAIT) {
      MagnumCluster busy = plan.observed().orElseThrow();
      context.err().println("cluster " + name + " is " + busy.status() + ": waiting before planning again");
      waiter.await(name, busy.uuid(), c -> !c.inProgress());
      plan = ClusterPlanStep.observe(magnum, clusterSpec);
      plan.lines().forEach(context.out()::println);
      plan.check();
    }

    String templateUuid;
    if (plan.createTemplate()) {
      context.err().println("creating cluster template " + clusterSpec.template().name());
      templateUuid = magnum.createTemplate(clusterSpec.template().toMagnum()).uuid();
    } else {
      templateUuid = plan.template().orElseThrow().uuid();
    }
    changes.addAll(plan.changes());

    int nodeCount = clusterSpec.cluster().nodeCount();
    MagnumCluster cluster =
        switch (plan.clusterAction()) {
          case CREATE -> {
            context.err().println("creating cluster " + name);
            String uuid = magnum.createCluster(clusterSpec.cluster().toMagnum(templateUuid));
            yield waiter.await(name, uuid, c -> c.status().equals("CREATE_COMPLETE"));
          }
          case RESIZE -> {
            MagnumCluster observed = plan.observed().orElseThrow();
            context.err().println("resizing cluster " + name + ": workers " + observed.nodeCount() + " -> " + nodeCount);
            magnum.resizeCluster(observed.uuid(), nodeCount);
            yield waiter.await(
                name, observed.uuid(), c -> c.status().equals("UPDATE_COMPLETE") && c.nodeCount() == nodeCount);
          }
          case WAIT, NONE -> plan.observed().orElseThrow();
        };

    context.out().println("cluster " + name + ": " + cluster.status() + cluster.apiAddress().map(a -> " at " + a).orElse("")
        + (changes.isEmpty() ? " (no changes)" : ""));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", name);
    summary.put("uuid", cluster.uuid());
    summary.put("status", cluster.status());
    summary.put("template", clusterSpec.template().name());
    summary.put("template_uuid", templateUuid);
    summary.put("api_address", cluster.apiAddress().orElse(null));
    summary.put("changes", changes);
    ResultFile.write(common.result, Map.of("cluster", summary), Map.of());
    return ExitCodes.OK;
  }
}
