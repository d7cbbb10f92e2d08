package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.lanes.core.image.ImageReference;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pushes one image from the engine to a registry over the Registry HTTP API v2, by digest, its layers
 * gzip-compressed. An image whose manifest the tag already serves (same config) is done after one {@code GET}.
 * Otherwise the gzip blob of each layer is looked up by the layer's diff ID ({@link CompressedLayers}: this run's own
 * pushes, then the manifests at the run's sources); every blob so known is checked with {@code HEAD} (in parallel);
 * missing ones are mounted from another repository of the platform that has them, and only the rest are read from
 * the image's {@link LayerSource} (the engine's storage or its export), checked against their diff IDs on the way,
 * compressed in parallel blocks ({@link ParallelGzipStream}) and streamed to the registry (memory stays flat whatever
 * the layer size); then the manifest is put under the tag and read back to get the digest the registry serves.
 */
final class ImagePusher {
  /** The {@code layer_source} of an image none of whose blobs had to be read: all were there or mounted. */
  static final String NO_LAYER_SOURCE = "none";

  private static final int MAX_CONFIG_BYTES = 16 << 20;

  private final DockerClient engine;
  private final RegistryClient registry;
  private final PrintWriter log;
  private final MountSources mountSources;
  private final CompressedLayers compressed;
  private final LayerSources layerSources;

  ImagePusher(
      DockerClient engine,
      RegistryClient registry,
      MountSources mountSources,
      CompressedLayers compressed,
      LayerSources layerSources,
      PrintWriter log) {
    this.engine = engine;
    this.registry = registry;
    this.mountSources = mountSources;
    this.compressed = compressed;
    this.layerSources = layerSources;
    this.log = log;
  }

  /**
   * What one push did.
   *
   * @param layerBytesSent the compressed bytes of the layers sent (what went on the wire)
   * @param layerBytesUncompressed the size of the same layers uncompressed (what was read and compressed)
   */
  record Pushed(
      ImageReference reference,
      String digest,
      int layers,
      int blobsSent,
      int blobsMounted,
      int blobsSkipped,
      long layerBytesSent,
      long layerBytesUncompressed,
      String layerSource) {}

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
    List<String> diffIds =
        image.getRootFS() == null || image.getRootFS().getLayers() == null
            ? List.of()
            : image.getRootFS().getLayers();

    // An unchanged image: the tag already serves a manifest of this very config (so of these layers). One GET decides
    // it, before any HEAD and before the engine exports anything.
    Optional<ImageManifest> current = registry.manifest(repository, tag);
    if (current.isPresent() && ImageManifests.isManifestOf(current.get(), configDigest, diffIds.size())) {
      compressed.remember(repository, current.get(), diffIds);
      Set<String> blobs = new LinkedHashSet<>();
      blobs.add(configDigest);
      diffIds.forEach(diffId -> compressed.get(diffId).ifPresent(known -> blobs.add(known.blob().digest())));
      mountSources.remember(repository, blobs);
      log.printf(
          "push-image: %s@%s: already in %s (same config and %d layer(s)): nothing sent%n",
          reference.name(), current.get().digest(), registry.baseUrl(), diffIds.size());
      log.flush();
      return new Pushed(
          reference, current.get().digest(), diffIds.size(), 0, 0, 1 + new LinkedHashSet<>(diffIds).size(), 0, 0,
          NO_LAYER_SOURCE);
    }

    int manifestsRead = compressed.learn(
        registry, repository, tag, current, new CompressedLayers.Image(configDigest, diffIds));
    Map<String, ImageManifests.Blob> layerBlobs = new HashMap<>();
    for (String diffId : diffIds) {
      compressed.get(diffId).ifPresent(known -> {
        layerBlobs.put(diffId, known.blob());
        mountSources.remember(known.repository(), List.of(known.blob().digest()));
      });
    }
    Set<String> wanted = new LinkedHashSet<>();
    wanted.add(configDigest);
    layerBlobs.values().forEach(blob -> wanted.add(blob.digest()));
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

    // What must be read, compressed and sent: the layers whose gzip blob is unknown, or known but neither here nor
    // mountable; and the config when it is missing.
    Set<String> toRead = new LinkedHashSet<>();
    if (missing.contains(configDigest)) {
      toRead.add(configDigest);
    }
    for (String diffId : diffIds) {
      ImageManifests.Blob blob = layerBlobs.get(diffId);
      if (blob == null || missing.contains(blob.digest())) {
        toRead.add(diffId);
        layerBlobs.remove(diffId);
      }
    }
    log.printf(
        "push-image: %s: %d layer(s), %d blob(s) already in %s, %d mounted from the run's other repositories,"
            + " %d to send (%d manifest(s) read for the layers' compressed blobs)%n",
        reference, diffIds.size(), present, registry.baseUrl(), mounted, toRead.size(), manifestsRead);
    log.flush();

    Sent sent = toRead.isEmpty()
        ? new Sent(0, 0, NO_LAYER_SOURCE)
        : sendMissing(reference, image, diffIds, toRead, sizes, layerBlobs);

    List<ImageManifests.Blob> layers = new ArrayList<>();
    for (String diffId : diffIds) {
      layers.add(layerBlobs.get(diffId));
    }
    ImageManifest manifest =
        ImageManifests.imageManifest(new ImageManifests.Blob(configDigest, sizes.get(configDigest)), layers);
    Set<String> blobs = new LinkedHashSet<>();
    blobs.add(configDigest);
    layers.forEach(layer -> blobs.add(layer.digest()));
    mountSources.remember(repository, blobs);
    registry.putManifest(repository, tag, manifest);
    ImageManifest served =
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
        "push-image: %s@%s (%d blob(s) sent, %d mounted, %s of layers sent, gzip of %s)%n",
        reference.name(), served.digest(), toRead.size(), mounted, TransferProgress.mebibytes(sent.layerBytes()),
        TransferProgress.mebibytes(sent.uncompressedBytes()));
    log.flush();
    return new Pushed(
        reference, served.digest(), diffIds.size(), toRead.size(), mounted, present, sent.layerBytes(),
        sent.uncompressedBytes(), sent.layerSource());
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

  /**
   * Reads the blobs in {@code toRead} (the config, layers by diff ID) from the image's layer source, each checked
   * against its digest on the way; uploads the config as it is and each layer gzip-compressed, streamed; records the
   * config's size and each layer's gzip blob; returns the layer bytes sent and read and the source's word. The config,
   * a few KiB, is read whole and uploaded beside the layers: on a registry backed by Swift each upload costs ~0.2 s of
   * round trips.
   */
  private Sent sendMissing(
      ImageReference reference,
      InspectImageResponse image,
      List<String> diffIds,
      Set<String> toRead,
      Map<String, Long> sizes,
      Map<String, ImageManifests.Blob> layerBlobs) {
    String repository = reference.repository();
    String configDigest = image.getId();
    long[] bytes = {0, 0};
    List<Future<?>> beside = new ArrayList<>();
    try (LayerSource source = layerSources.open(reference, image, toRead);
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
      source.read(toRead, (digest, size, content, origin) -> {
        boolean layer = !digest.equals(configDigest);
        String description = (layer ? "layer " : "config ") + digest + " read from " + origin;
        CheckedBlobStream checked = new CheckedBlobStream(content, description, digest, size);
        if (!layer) {
          byte[] config = readConfig(reference, checked, size);
          sizes.put(digest, size);
          beside.add(background.submit(
              () -> registry.uploadBlob(repository, digest, size, new ByteArrayInputStream(config), n -> {})));
          return;
        }
        TransferProgress progress =
            new TransferProgress(log, reference.name(), diffIds.indexOf(digest) + 1, diffIds.size(), digest, size,
                checked::bytesRead);
        RegistryClient.Uploaded uploaded;
        try (ParallelGzipStream gzip = ParallelGzipStream.of(checked)) {
          uploaded = registry.uploadStreamed(repository, gzip, progress);
        } catch (RegistryException e) {
          throw checked.failure().map(failure -> refused(reference, failure, e)).orElseThrow(() -> e);
        }
        ImageManifests.Blob blob = new ImageManifests.Blob(uploaded.digest(), uploaded.size());
        layerBlobs.put(digest, blob);
        compressed.remember(repository, digest, blob);
        progress.done(uploaded.size());
        bytes[0] += uploaded.size();
        bytes[1] += size;
      });
      for (Future<?> upload : beside) {
        await(upload);
      }
      return new Sent(bytes[0], bytes[1], source.word());
    }
  }

  private static byte[] readConfig(ImageReference reference, CheckedBlobStream config, long size) {
    if (size > MAX_CONFIG_BYTES) {
      throw StepException.failure("image config of " + reference + " is too large (" + size + " bytes)", null);
    }
    try {
      return config.readAllBytes();
    } catch (IOException e) {
      throw refused(reference, e, e);
    }
  }

  /** A blob that is not what its digest says, or that its source failed to read: the push stops, nothing tagged. */
  private static StepException refused(ImageReference reference, IOException failure, Exception cause) {
    return StepException.failure("push-image " + reference + ": " + failure.getMessage() + "; nothing was tagged", cause);
  }

  private static void await(Future<?> upload) {
    try {
      upload.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StepException.failure("interrupted while uploading", e);
    }
  }

  /** What {@link #sendMissing} sent (compressed) and read (uncompressed) of the layers, and from which source. */
  private record Sent(long layerBytes, long uncompressedBytes, String layerSource) {}
}
