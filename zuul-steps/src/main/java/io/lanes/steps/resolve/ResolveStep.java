package io.lanes.steps.resolve;

import io.lanes.core.config.FreezeInterval;
import io.lanes.core.config.Platform;
import io.lanes.core.config.Target;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.config.PlatformSelection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code zuul-steps resolve}: which platform a branch is, and where it deploys. */
@Command(
    name = "resolve",
    description = "Resolve a branch (or Zuul's item, or a platform's name) to its platform: namespace, cluster, registry, image tag.")
public final class ResolveStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PlatformSelection selection;

  @Mixin CommonOptions common;

  ResolveStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PlatformSelection.Selected selected = selection.select();
    Platform platform = selected.platform();
    Target target = selected.target();
    Optional<String> tag = selected.changeTag();
    Optional<FreezeInterval> freeze = platform.freezeAt(context.clock().instant());

    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("platform", platform.name());
    resolved.put("branch", platform.branch());
    resolved.put("namespace", platform.namespace());
    resolved.put("cluster", target.cluster().name());
    resolved.put("server", target.cluster().server());
    resolved.put("registry", platform.registry());
    resolved.put("image_prefix", target.imagePrefix());
    tag.ifPresent(t -> resolved.put("image_tag", t));
    resolved.put("protected", platform.isProtected());
    platform.ownerGroup().ifPresent(g -> resolved.put("owner_group", g));
    resolved.put("freeze", freeze.map(FreezeInterval::toString).orElse(null));
    target.backup().ifPresent(b -> resolved.put("backup", b.name()));

    resolved.forEach(
        (key, value) -> {
          if (value != null) {
            context.out().printf("%-13s %s%n", key, value);
          }
        });
    if (freeze.isPresent()) {
      context.err().printf("warning: platform %s is frozen until %s%n", platform.name(), freeze.get().end());
    }
    ResultFile.write(common.result, Map.of("target", resolved), Map.of());
    return ExitCodes.OK;
  }
}
