package io.lanes.steps.image;

import io.lanes.core.image.ImageReference;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Promotes a change's gated images to the release tags, by digest, in the registry that holds them. */
final class ImagePromoter {
  private final PrintWriter out;
  private final PrintWriter err;

  ImagePromoter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Copies the gated image of {@code change} to each release tag by digest (checking each copy), then deletes the
   * change's other tags the registry lets go (see {@link PromotionPlan}); what it could not delete becomes a warning.
   * Returns the image's result entry.
   */
  Map<String, Object> promote(
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
      err.printf("promote: %s:%s -> %s%n", gatedReference.name(), tag, gated.digest());
    }
    out.println(gatedReference.byDigest(gated.digest()));

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
    deleted.forEach(tag -> err.printf("promote: deleted %s:%s%n", gatedReference.name(), tag));
    kept.forEach(tag -> err.printf("promote: kept %s:%s (the registry cannot delete it alone)%n",
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
