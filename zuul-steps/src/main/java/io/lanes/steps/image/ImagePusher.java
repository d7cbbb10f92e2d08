package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.ImageReference;
import io.lanes.steps.registry.Manifest;
import io.lanes.steps.registry.RegistryClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Pushes one image from the engine to a registry over the Registry HTTP API v2, by digest. An image whose manifest
 * the tag already serves is done after one {@code GET}. Otherwise every blob is checked with {@code HEAD} (in
 * parallel); missing ones are mounted from another repository of the platform that has them, and only the rest are
 * sent, streamed from the engine's export (memory stays flat whatever the layer size); then the manifest is put
 * under the tag and read back to get the digest the registry serves.
 */
final class ImagePusher {
  /** Layer and config files in an engine's export: podman's {@code <hex>.tar}/{@code <hex>.json}, OCI blobs. */
  private static final Pattern BLOB_NAME =
      Pattern.compile("(?:blobs/sha256/)?([a-f0-9]{64})(?:\\.tar|\\.json)?");

  private static final int MAX_CONFIG_BYTES = 16 << 20;

  private final DockerClient engine;
  private final RegistryClient registry;
  private final PrintWriter log;
  private final MountSources mountSources;

  ImagePusher(DockerClient engine, RegistryClient registry, MountSources mountSources, PrintWriter log) {
    this.engine = engine;
    this.registry = registry;
    this.mountSources = mountSources;
    this.log = log;
  }

  /** What one push did. */
  record Pushed(
      ImageReference reference,
      String digest,
      int layers,
      int blobsSent,
      int blobsMounted,
      int blobsSkipped,
      long layerBytesSent) {}

  Pushed push(ImageReference reference) {
    String repository = reference.repository();
    String tag = reference.tag().orElseThrow();
    InspectImageResponse image;
    try {
      image = engine.inspectImageCmd(reference.toString()).exec();
    } catch (NotFoundException e) {
      throw StepException.failure(
          "image " + reference + " is not in the docker engine (build it first with build-image)", e);
    }
    String configDigest = image.getId();
    List<String> layerDigests =
        image.getRootFS() == null || image.getRootFS().getLayers() == null
            ? List.of()
            : image.getRootFS().getLayers();
    Set<String> wanted = new LinkedHashSet<>();
    wanted.add(configDigest);
    wanted.addAll(layerDigests);

    // An unchanged image: the tag already serves the very manifest this push would put. One GET decides it, before
    // any HEAD and before the engine exports anything.
    Optional<Manifest> current = registry.manifest(repository, tag);
    if (current.isPresent() && ImageManifests.isManifestOf(current.get(), configDigest, layerDigests)) {
      mountSources.remember(repository, wanted);
      log.printf(
          "push-image: %s@%s: already in %s (same config and %d layer(s)): nothing sent%n",
          reference.name(), current.get().digest(), registry.baseUrl(), layerDigests.size());
      log.flush();
      return new Pushed(reference, current.get().digest(), layerDigests.size(), 0, 0, wanted.size(), 0);
    }

    Map<String, Long> sizes = new HashMap<>();
    Set<String> missing = new LinkedHashSet<>();
    registry.blobSizes(repository, List.copyOf(wanted)).forEach((digest, size) -> {
      if (size.isPresent() && size.get() >= 0) {
        sizes.put(digest, size.get());
      } else {
        missing.add(digest);
      }
    });
    int present = wanted.size() - missing.size();
    int mounted = mount(repository, missing, sizes);
    log.printf(
        "push-image: %s: %d layer(s), %d blob(s) already in %s, %d mounted from the run's other repositories,"
            + " %d to send%n",
        reference, layerDigests.size(), present, registry.baseUrl(), mounted, missing.size());
    log.flush();

    long layerBytesSent = 0;
    if (!missing.isEmpty()) {
      layerBytesSent = sendMissing(reference, configDigest, layerDigests, missing, sizes);
    }
    mountSources.remember(repository, wanted);

    List<ImageManifests.Blob> layers = new ArrayList<>();
    for (String digest : layerDigests) {
      layers.add(new ImageManifests.Blob(digest, sizes.get(digest)));
    }
    Manifest manifest =
        ImageManifests.imageManifest(new ImageManifests.Blob(configDigest, sizes.get(configDigest)), layers);
    registry.putManifest(repository, tag, manifest);
    Manifest served =
        registry.manifest(repository, tag)
            .orElseThrow(
                () -> StepException.failure(
                    "registry " + registry.baseUrl() + " lost " + reference + " right after it was pushed", null));
    if (!served.digest().equals(manifest.digest())) {
      throw StepException.failure(
          "registry " + registry.baseUrl() + " serves " + reference + " as " + served.digest() + ", not the pushed "
              + manifest.digest(),
          null);
    }
    log.printf(
        "push-image: %s@%s (%d blob(s) sent, %d mounted, %s of layers sent)%n",
        reference.name(), served.digest(), missing.size(), mounted, TransferProgress.mebibytes(layerBytesSent));
    log.flush();
    return new Pushed(
        reference, served.digest(), layerDigests.size(), missing.size(), mounted, present, layerBytesSent);
  }

  /**
   * Mounts what it can of {@code missing} from the platform's other repositories, removing each mounted blob from
   * {@code missing} and recording its size; returns how many were mounted.
   */
  private int mount(String repository, Set<String> missing, Map<String, Long> sizes) {
    if (missing.isEmpty()) {
      return 0;
    }
    int mounted = 0;
    for (Map.Entry<String, MountSources.Source> found :
        mountSources.find(registry, repository, List.copyOf(missing)).entrySet()) {
      String digest = found.getKey();
      if (registry.mountBlob(repository, digest, found.getValue().repository())) {
        sizes.put(digest, found.getValue().size());
        missing.remove(digest);
        mounted++;
      }
    }
    return mounted;
  }

  /** Streams the engine's export of the image and uploads the blobs in {@code missing}; returns layer bytes sent. */
  private long sendMissing(
      ImageReference reference,
      String configDigest,
      List<String> layerDigests,
      Set<String> missing,
      Map<String, Long> sizes) {
    String repository = reference.repository();
    long layerBytesSent = 0;
    Set<String> seen = new LinkedHashSet<>();
    // A large buffer: the engine's stream arrives in small reads, and each read becomes a request body chunk.
    try (InputStream export = new BufferedInputStream(engine.saveImageCmd(reference.toString()).exec(), 1 << 20);
        TarArchiveInputStream tar = new TarArchiveInputStream(export)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        Matcher name = BLOB_NAME.matcher(entry.getName());
        if (!name.matches()) {
          continue;
        }
        String digest = "sha256:" + name.group(1);
        if (seen.contains(digest)) {
          continue;
        }
        if (digest.equals(configDigest)) {
          seen.add(digest);
          if (entry.getSize() > MAX_CONFIG_BYTES) {
            throw StepException.failure("image config " + digest + " of " + reference + " is too large", null);
          }
          byte[] config = tar.readAllBytes();
          if (!Manifest.sha256(config).equals(configDigest)) {
            throw StepException.failure(
                "the engine exported a config for " + reference + " that does not match its ID " + configDigest,
                null);
          }
          sizes.put(digest, (long) config.length);
          if (missing.contains(digest)) {
            registry.uploadBlob(repository, digest, config.length, new java.io.ByteArrayInputStream(config), n -> {});
          }
        } else if (layerDigests.contains(digest)) {
          seen.add(digest);
          long size = entry.getSize();
          sizes.put(digest, size);
          if (missing.contains(digest)) {
            int index = layerDigests.indexOf(digest) + 1;
            TransferProgress progress =
                new TransferProgress(log, reference.name(), index, layerDigests.size(), digest, size);
            registry.uploadBlob(repository, digest, size, tar, progress);
            progress.done();
            layerBytesSent += size;
          }
        }
      }
    } catch (IOException e) {
      throw StepException.failure("reading the engine's export of " + reference + ": " + e.getMessage(), e);
    }
    for (String digest : missing) {
      if (!seen.contains(digest)) {
        throw StepException.failure(
            "the engine's export of " + reference + " has no blob " + digest
                + " (an export layout Lanes does not read?)",
            null);
      }
    }
    return layerBytesSent;
  }
}
