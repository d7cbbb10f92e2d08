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
 * Pushes one image from the engine to a registry over the Registry HTTP API v2, by digest. An image whose manifest
 * the tag already serves is done after one {@code GET}. Otherwise every blob is checked with {@code HEAD} (in
 * parallel); missing ones are mounted from another repository of the platform that has them, and only the rest are
 * sent, streamed from the image's {@link LayerSource} (the engine's storage or its export) and checked against their
 * digests on the way (memory stays flat whatever the layer size); then the manifest is put under the tag and read
 * back to get the digest the registry serves.
 */
final class ImagePusher {
  /** The {@code layer_source} of an image none of whose blobs had to be read: all were there or mounted. */
  static final String NO_LAYER_SOURCE = "none";

  private static final int MAX_CONFIG_BYTES = 16 << 20;

  private final DockerClient engine;
  private final RegistryClient registry;
  private final PrintWriter log;
  private final MountSources mountSources;
  private final LayerSources layerSources;

  ImagePusher(
      DockerClient engine,
      RegistryClient registry,
      MountSources mountSources,
      LayerSources layerSources,
      PrintWriter log) {
    this.engine = engine;
    this.registry = registry;
    this.mountSources = mountSources;
    this.layerSources = layerSources;
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
      long layerBytesSent,
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
    List<String> layerDigests =
        image.getRootFS() == null || image.getRootFS().getLayers() == null
            ? List.of()
            : image.getRootFS().getLayers();
    Set<String> wanted = new LinkedHashSet<>();
    wanted.add(configDigest);
    wanted.addAll(layerDigests);

    // An unchanged image: the tag already serves the very manifest this push would put. One GET decides it, before
    // any HEAD and before the engine exports anything.
    Optional<ImageManifest> current = registry.manifest(repository, tag);
    if (current.isPresent() && ImageManifests.isManifestOf(current.get(), configDigest, layerDigests)) {
      mountSources.remember(repository, wanted);
      log.printf(
          "push-image: %s@%s: already in %s (same config and %d layer(s)): nothing sent%n",
          reference.name(), current.get().digest(), registry.baseUrl(), layerDigests.size());
      log.flush();
      return new Pushed(
          reference, current.get().digest(), layerDigests.size(), 0, 0, wanted.size(), 0, NO_LAYER_SOURCE);
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

    Sent sent = missing.isEmpty()
        ? new Sent(0, NO_LAYER_SOURCE)
        : sendMissing(reference, image, layerDigests, missing, sizes);
    long layerBytesSent = sent.layerBytes();
    mountSources.remember(repository, wanted);

    List<ImageManifests.Blob> layers = new ArrayList<>();
    for (String digest : layerDigests) {
      layers.add(new ImageManifests.Blob(digest, sizes.get(digest)));
    }
    ImageManifest manifest =
        ImageManifests.imageManifest(new ImageManifests.Blob(configDigest, sizes.get(configDigest)), layers);
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
        "push-image: %s@%s (%d blob(s) sent, %d mounted, %s of layers sent)%n",
        reference.name(), served.digest(), missing.size(), mounted, TransferProgress.mebibytes(layerBytesSent));
    log.flush();
    return new Pushed(
        reference, served.digest(), layerDigests.size(), missing.size(), mounted, present, layerBytesSent,
        sent.layerSource());
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
   * Uploads the blobs in {@code missing}, read from the image's layer source, each checked against its digest on the
   * way; records their sizes and returns the layer bytes sent and the source's word. The config, a few KiB, is read
   * whole and uploaded beside the layers: on a registry backed by Swift each upload costs ~0.2 s of round trips.
   */
  private Sent sendMissing(
      ImageReference reference,
      InspectImageResponse image,
      List<String> layerDigests,
      Set<String> missing,
      Map<String, Long> sizes) {
    String repository = reference.repository();
    String configDigest = image.getId();
    long[] layerBytesSent = {0};
    List<Future<?>> beside = new ArrayList<>();
    try (LayerSource source = layerSources.open(reference, image, missing);
        ExecutorService background = Executors.newVirtualThreadPerTaskExecutor()) {
      source.read(missing, (digest, size, content, origin) -> {
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
            new TransferProgress(log, reference.name(), layerDigests.indexOf(digest) + 1, layerDigests.size(), digest,
                size);
        try {
          registry.uploadBlob(repository, digest, size, checked, progress);
        } catch (RegistryException e) {
          throw checked.failure().map(failure -> refused(reference, failure, e)).orElseThrow(() -> e);
        }
        sizes.put(digest, size);
        progress.done();
        layerBytesSent[0] += size;
      });
      for (Future<?> upload : beside) {
        await(upload);
      }
      return new Sent(layerBytesSent[0], source.word());
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

  /** What {@link #sendMissing} sent, and from which source. */
  private record Sent(long layerBytes, String layerSource) {}
}
