package io.lanes.steps.image;

import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    List<Map<String, Object>> promoted = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (ImageReference gatedReference : references) {
      RegistryClient registry = registryOptions.client(gatedReference, context.environment());
      try {
        promoted.add(promote(registry, gatedReference, lane.change(), releaseTags, warnings));
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

  private Map<String, Object> promote(
      RegistryClient registry, ImageReference gatedReference, int change, List<String> releaseTags,
      List<String> warnings) {
    String repository = gatedReference.repository();
    String gatedTag = gatedReference.tag().orElseThrow();
    ImageManifest gated =
        registry.manifest(repository, gatedTag)
            .orElseThrow(
                () -> StepException.failure(
                    "no gated image for change " + change + ": " + gatedReference + " is not in the registry "
                        + registry.baseUrl() + " (the gate's push-image did not run for this patch set?)",
                    null));
    for (String tag : releaseTags) {
      registry.putManifest(repository, tag, gated);
      String digest = registry.manifest(repository, tag).map(ImageManifest::digest).orElse("(none)");
      if (!digest.equals(gated.digest())) {
        throw StepException.failure(
            "promote " + gatedReference + ": " + gatedReference.name() + ":" + tag + " is " + digest
                + " after the copy, not the gated " + gated.digest(),
            null);
      }
      context.err().printf("promote: %s:%s -> %s%n", gatedReference.name(), tag, gated.digest());
    }
    context.out().println(gatedReference.byDigest(gated.digest()));

    Map<String, String> tagDigests = new TreeMap<>();
    for (String tag : registry.tags(repository)) {
      registry.manifest(repository, tag).ifPresent(m -> tagDigests.put(tag, m.digest()));
    }
    PromotionPlan plan = PromotionPlan.of(LaneNames.changeTagPrefix(change), gated.digest(), tagDigests);
    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    plan.deleteDigests().forEach(
        (digest, tags) -> {
          if (registry.deleteManifest(repository, digest) == RegistryClient.Deletion.UNSUPPORTED) {
            kept.addAll(tags);
            warnings.add(gatedReference.name() + ": kept " + tags + ": the registry refuses deletes (storage.delete)");
          } else {
            deleted.addAll(tags);
          }
        });
    for (String tag : plan.deleteTags()) {
      if (registry.deleteManifest(repository, tag) == RegistryClient.Deletion.UNSUPPORTED) {
        kept.add(tag);
        warnings.add(
            gatedReference.name() + ":" + tag + " kept: it points at the promoted digest and the registry deletes"
                + " manifests by digest only (deleting it would delete the release tags too)");
      } else {
        deleted.add(tag);
      }
    }
    deleted.forEach(tag -> context.err().printf("promote: deleted %s:%s%n", gatedReference.name(), tag));
    kept.forEach(tag -> context.err().printf("promote: kept %s:%s (the registry cannot delete it alone)%n",
        gatedReference.name(), tag));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("repository", gatedReference.name());
    result.put("digest", gated.digest());
    result.put("gated_tag", gatedTag);
    result.put("tags", releaseTags);
    result.put("deleted_tags", deleted);
    result.put("kept_tags", kept);
    return result;
  }
}
