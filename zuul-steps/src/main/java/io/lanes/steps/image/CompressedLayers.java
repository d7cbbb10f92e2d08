package io.lanes.steps.image;

import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one push-image run knows of the gzip blob of each uncompressed layer (by its diff ID): the blobs it pushed
 * itself, and those it learned from manifests already in the registry. A layer's compressed digest cannot be known
 * without compressing it, so a layer whose blob is found here is not read at all: it is skipped when the repository
 * has it, mounted when another one does. Learned from, in order, until every layer is known: the manifests at the
 * run's sources (the pushed tag, the change's previous patch set, {@code latest-<platform>}) in the repository
 * pushed, then in the run's other repositories (all of one platform, as for mounts); each manifest's config (a few
 * KiB) gives its diff IDs. The registry's record is the only one kept: nothing is written beside the images.
 */
final class CompressedLayers {
  /** The image being pushed: its config digest (the image ID) and its layers' diff IDs, in order. */
  record Image(String configDigest, List<String> diffIds) {}

  /** A layer's gzip blob and a repository that holds it. */
  record Known(ImageManifests.Blob blob, String repository) {}

  private final List<String> repositories;
  private final List<String> tags;
  private final Map<String, Known> byDiffId = new HashMap<>();

  /**
   * @param repositories the repositories of the run's images, all of one platform
   * @param tags the tags to learn from in each of them besides the pushed one: the change's previous patch set,
   *     {@code latest-<platform>}
   */
  CompressedLayers(List<String> repositories, List<String> tags) {
    this.repositories = List.copyOf(repositories);
    this.tags = List.copyOf(tags);
  }

  Optional<Known> get(String diffId) {
    return Optional.ofNullable(byDiffId.get(diffId));
  }

  /** Notes that {@code repository} holds {@code blob}, the gzip of the layer {@code diffId}. */
  void remember(String repository, String diffId, ImageManifests.Blob blob) {
    byDiffId.putIfAbsent(diffId, new Known(blob, repository));
  }

  /** Notes the gzip layers of {@code manifest}, whose layers' diff IDs are {@code diffIds}, held by {@code repository}. */
  void remember(String repository, ImageManifest manifest, List<String> diffIds) {
    ImageManifests.gzipLayersByDiffId(manifest, diffIds).forEach((diffId, blob) -> remember(repository, diffId, blob));
  }

  /**
   * Learns the blobs of {@code image}'s layers not known yet from the sources' manifests: {@code tag} (the one pushed)
   * and the run's tags, in {@code repository} first, then in the run's other repositories; stops once all are known.
   * {@code current}, the manifest at {@code tag} in {@code repository}, was already read and is not asked again.
   * Returns how many manifests it asked for.
   */
  int learn(
      RegistryClient registry, String repository, String tag, Optional<ImageManifest> current, Image image) {
    if (current.isPresent()) {
      learnFrom(registry, repository, current.get(), image);
    }
    List<String> order = new ArrayList<>();
    order.add(repository);
    repositories.stream().filter(other -> !other.equals(repository)).forEach(order::add);
    Set<String> sourceTags = new LinkedHashSet<>();
    sourceTags.add(tag);
    sourceTags.addAll(tags);
    int read = 0;
    for (String where : order) {
      for (String source : sourceTags) {
        if (byDiffId.keySet().containsAll(image.diffIds())) {
          return read;
        }
        if (where.equals(repository) && source.equals(tag)) {
          continue;
        }
        Optional<ImageManifest> manifest = registry.manifest(where, source);
        read++;
        manifest.ifPresent(found -> learnFrom(registry, where, found, image));
      }
    }
    return read;
  }

  /** The manifest of an image with the same config has the same diff IDs; another's config is read for them. */
  private void learnFrom(RegistryClient registry, String repository, ImageManifest manifest, Image image) {
    Optional<String> config = ImageManifests.configDigest(manifest);
    if (config.isEmpty()) {
      return;
    }
    List<String> diffIds =
        config.get().equals(image.configDigest())
            ? image.diffIds()
            : ImageManifests.diffIds(registry.blob(repository, config.get()));
    remember(repository, manifest, diffIds);
  }
}
