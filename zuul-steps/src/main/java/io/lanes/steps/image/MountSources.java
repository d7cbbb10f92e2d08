package io.lanes.steps.image;

import io.lanes.steps.registry.RegistryClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The other repositories of one platform in the registry, where a blob missing from the repository being pushed
 * may already be (the openedx and mfe images share their base layers), so that it is mounted there instead of
 * sent. Only the platform's own repositories ({@code <platform>/...}) are looked at: a blob never crosses
 * platforms. Remembers where this run saw or put each blob, and asks the registry's catalog once for the rest.
 */
final class MountSources {
  /** A repository that holds a blob, and the blob's size there. */
  record Source(String repository, long size) {}

  private final String platformPrefix;
  private final Map<String, String> seen = new HashMap<>();
  private List<String> catalog;

  /** Sources among the repositories under {@code platform}'s name. */
  MountSources(String platform) {
    this.platformPrefix = platform + "/";
  }

  /** Notes that {@code repository} holds {@code digests}. */
  void remember(String repository, Collection<String> digests) {
    for (String digest : digests) {
      seen.putIfAbsent(digest, repository);
    }
  }

  /**
   * For each of {@code digests} missing from {@code repository}, another repository of the platform that has it;
   * blobs found nowhere are left out.
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
    if (!left.isEmpty()) {
      for (String sibling : siblings(registry, repository)) {
        if (left.isEmpty()) {
          break;
        }
        look(registry, sibling, List.copyOf(left), found, left);
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

  private List<String> siblings(RegistryClient registry, String repository) {
    if (catalog == null) {
      catalog = registry.repositories().stream().filter(name -> name.startsWith(platformPrefix)).toList();
    }
    return catalog.stream().filter(name -> !name.equals(repository)).toList();
  }
}
