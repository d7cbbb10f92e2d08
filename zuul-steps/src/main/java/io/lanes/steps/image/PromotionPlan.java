package io.lanes.steps.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which change tags a promotion removes once the release tags point at the gated digest (pure). The registry
 * deletes manifests by digest, which takes every tag of that digest with it, so:
 *
 * <ul>
 *   <li>a change tag at another digest (an older patch set) is deleted by digest, unless a tag that is not one of
 *       this change's points there too;
 *   <li>a change tag at the promoted digest can only go by deleting the tag by name, where the registry allows it;
 *       otherwise it is kept and reported.
 * </ul>
 *
 * @param deleteDigests digests to delete, each with the change tags that go with it
 * @param deleteTags change tags at the promoted digest, to delete by name where the registry allows it
 */
record PromotionPlan(Map<String, List<String>> deleteDigests, List<String> deleteTags) {

  /**
   * @param changeTagPrefix {@code change-<N>-ps-}
   * @param promotedDigest the gated digest the release tags now point at
   * @param tagDigests every tag of the repository and its digest
   */
  static PromotionPlan of(String changeTagPrefix, String promotedDigest, Map<String, String> tagDigests) {
    Map<String, List<String>> byDigest = new java.util.TreeMap<>();
    List<String> byName = new ArrayList<>();
    tagDigests.forEach(
        (tag, digest) -> {
          if (!tag.startsWith(changeTagPrefix)) {
            return;
          }
          if (digest.equals(promotedDigest)) {
            byName.add(tag);
            return;
          }
          boolean sharedWithOthers =
              tagDigests.entrySet().stream()
                  .anyMatch(e -> e.getValue().equals(digest) && !e.getKey().startsWith(changeTagPrefix));
          if (!sharedWithOthers) {
            byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag);
          }
        });
    byDigest.values().forEach(java.util.Collections::sort);
    java.util.Collections.sort(byName);
    return new PromotionPlan(byDigest, byName);
  }
}
