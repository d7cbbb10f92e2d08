package io.lanes.steps.image;

import io.lanes.steps.registry.RegistryClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The other repositories of one platform where a blob missing from the repository being pushed may already be (the
 * openedx and mfe images share their base layers), so that it is mounted from there instead of sent: first where
 * this run saw or put the blob, then the repositories of the run's other images (whatever change last pushed
 * there). All of them lie under the platform's prefix, so a blob never crosses platforms. The registry's catalog is
 * not asked: on a registry backed by Swift it lists every object under the repositories, seconds per call.
 */
final class MountSources {
  /** A repository that holds a blob, and the blob's size there. */
  record Source(String repository, long size) {}

  private final List<String> repositories;
  private final Map<String, String> seen = new HashMap<>();

  /** Sources among {@code repositories}: those of every image of this run, all of one platform. */
  MountSources(List<String> repositories) {
    this.repositories = List.copyOf(repositories);
  }

  /** Notes that {@code repository} holds {@code digests}. */
  void remember(String repository, Collection<String> digests) {
    for (String digest : digests) {
      seen.putIfAbsent(digest, repository);
    }
  }

  /**
   * For each of {@code digests} missing from {@code repository}, another repository that has it; blobs found
   * nowhere are left out.
   */
  Map<String, Source> find(RegistryClient registry, String repository, List<String> digests) {
    Map<String, Source> found = new LinkedHashMap<>();
    List<String> left = new ArrayList<>(digests);
    Map<String, List<String>> bySeen = new LinkedHashMap<>();
    for (String digest : digests) {
      String where = seen.get(digest);
      if (where != null && !where.equals(repository)) {
        bySeen.computeIfAbsent(where, w -> new ArrayList<>()).add(digest);
      }
    }
    bySeen.forEach((where, wanted) -> look(registry, where, wanted, found, left));
    for (String other : repositories) {
      if (left.isEmpty()) {
        break;
      }
      if (!other.equals(repository)) {
        look(registry, other, List.copyOf(left), found, left);
      }
    }
    return found;
  }

  private static void look(
      RegistryClient registry, String where, List<String> wanted, Map<String, Source> found, List<String> left) {
    registry.blobSizes(where, wanted).forEach((digest, size) -> {
      if (size.isPresent() && size.get() >= 0) {
        found.put(digest, new Source(where, size.get()));
        left.remove(digest);
      }
    });
  }
}
