package io.lanes.steps.image;

import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps promote}: after merge, gives the gated image of a change its release tags by copying its
 * manifest by digest (no pull, no rebuild), then removes the change's tags it replaces.
 */
@Command(
    name = "promote",
    description = "Give a merged change's gated images their release tags (<revision>, latest-<platform>) by digest.")
public final class PromoteStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin LaneItemOptions item;

  @Mixin ChangeImages images;

  @Option(
      names = "--revision",
      required = true,
      paramLabel = "SHA",
      description = "The branch head the change merged as (Zuul: zuul.newrev or the merged commit): a release tag.")
  String revision;

  @Mixin RegistryOptions registryOptions;

  @Mixin CommonOptions common;

  PromoteStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    registryOptions.refuseCredentials();
    LaneItemOptions.LaneItem lane = item.resolve();
    String releaseTag;
    try {
      releaseTag = LaneNames.revisionTag(revision);
    } catch (IllegalArgumentException e) {
      throw StepException.configuration("--revision: " + e.getMessage());
    }
    String changeTag = LaneNames.changeTag(lane.change(), lane.patchset());
    List<String> releaseTags = List.of(releaseTag, LaneNames.latestTag(lane.platform()));
    List<ImageReference> references = images.references(lane.platform(), changeTag);

    ImagePromoter promoter = new ImagePromoter(context.out(), context.err());
    List<Map<String, Object>> promoted = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (ImageReference gatedReference : references) {
      RegistryClient registry = registryOptions.client(gatedReference, context.environment());
      try {
        promoted.add(promoter.promote(registry, gatedReference, lane.change(), releaseTags, warnings));
      } catch (RegistryException e) {
        throw RegistryOptions.failure("promote " + gatedReference, e);
      }
    }
    Map<String, Object> zuul = new LinkedHashMap<>();
    if (!warnings.isEmpty()) {
      zuul.put("warnings", warnings);
    }
    ResultFile.write(common.result, Map.of("promoted", promoted), zuul);
    return ExitCodes.OK;
  }
}
