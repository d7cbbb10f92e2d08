package io.lanes.steps.cluster;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.openstack.MagnumClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zuul-steps cluster plan}: what {@code cluster apply} would create or resize; writes nothing. */
@Command(
    name = "plan",
    description = "Compare the spec with Magnum and print what apply would create or resize, writing nothing.")
public final class ClusterPlanStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin SpecOptions spec;
  @Mixin CloudOptions cloud;
  @Mixin CommonOptions common;

  ClusterPlanStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ClusterSpec clusterSpec = spec.load();
    MagnumClient magnum = cloud.magnum(context);
    ClusterPlan plan = observe(magnum, clusterSpec);
    plan.lines().forEach(context.out()::println);
    plan.check();
    context.out().println(plan.writes() ? "apply would change Magnum" : "no changes");
    ResultFile.write(common.result, Map.of("cluster", summary(plan)), Map.of());
    return ExitCodes.OK;
  }

  /** Reads the spec's template and cluster from Magnum and plans. */
  static ClusterPlan observe(MagnumClient magnum, ClusterSpec spec) {
    return ClusterPlanner.plan(
        spec, magnum.findTemplate(spec.template().name()), magnum.findCluster(spec.cluster().name()));
  }

  private static Map<String, Object> summary(ClusterPlan plan) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", plan.spec().cluster().name());
    summary.put("template", plan.spec().template().name());
    summary.put("changes", plan.changes());
    plan.observed().ifPresent(c -> summary.put("status", c.status()));
    return summary;
  }
}
