package io.lanes.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The blobs of one image read straight from the engine's containers-storage (podman's graph root, overlay driver),
 * the way skopeo reads them: layers reassembled from their tar-split and extracted files ({@link TarSplitLayer}),
 * the config from the image's big-data file. No temporary file, no wait: the first byte goes out at once.
 *
 * <p>Layout read (containers-storage as podman 4 writes it): {@code overlay-layers/layers.json} lists the layers,
 * each with its {@code id} and {@code diff-digest} (the uncompressed digest, the image's diff ID); {@code
 * overlay-layers/<id>.tar-split.gz} and {@code overlay/<id>/diff/} hold its tar; {@code overlay-images/<image
 * id>/=<base64 of "sha256:<image id>">} is the config (a big-data file, its key base64'd because of the colon).
 * While open, it holds a shared lock on {@code overlay-layers/layers.lock}, as containers-storage's own readers do:
 * podman does not remove a layer under it.
 */
final class ContainersStorage implements LayerSource {
  /** This source's word on stderr and in {@code --result}. */
  static final String WORD = "storage";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path graphRoot;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final Map<String, Blob> blobs;

  /** A blob this storage can serve. */
  private record Blob(long size, Path config, TarSplitLayer layer) {}

  /** The storage cannot serve the image: why, to say so when reading the export instead. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason);
    }
  }

  private ContainersStorage(Path graphRoot, FileChannel lockFile, FileLock lock, Map<String, Blob> blobs) {
    this.graphRoot = graphRoot;
    this.lockFile = lockFile;
    this.lock = lock;
    this.blobs = blobs;
  }

  /**
   * Opens the storage under {@code graphRoot} for {@code digests}, blobs of the image whose config is {@code
   * configDigest} (the image ID): every one must be there and readable, each file of each layer checked, else
   * {@link Unreadable} says which is not.
   */
  static ContainersStorage open(Path graphRoot, String configDigest, Set<String> digests) throws Unreadable {
    Path layersDir = graphRoot.resolve("overlay-layers");
    Path lockPath = layersDir.resolve("layers.lock");
    if (!Files.isReadable(layersDir.resolve("layers.json")) || !Files.isReadable(lockPath)) {
      throw new Unreadable("no containers-storage this process can read at " + graphRoot);
    }
    FileChannel lockFile = null;
    FileLock lock = null;
    try {
      lockFile = FileChannel.open(lockPath, StandardOpenOption.READ);
      lock = lockFile.lock(0, Long.MAX_VALUE, true);
      Map<String, String> layerIds = layerIdsByDiffDigest(layersDir.resolve("layers.json"));
      Map<String, Blob> blobs = new LinkedHashMap<>();
      for (String digest : digests) {
        blobs.put(digest, digest.equals(configDigest) ? config(graphRoot, digest) : layer(graphRoot, layerIds, digest));
      }
      return new ContainersStorage(graphRoot, lockFile, lock, blobs);
    } catch (IOException | RuntimeException | Unreadable e) {
      release(lockFile, lock);
      if (e instanceof Unreadable unreadable) {
        throw unreadable;
      }
      throw new Unreadable("reading containers-storage at " + graphRoot + ": " + DockerEngine.message(e));
    }
  }

  /** The complete layers of {@code layers.json}, by diff digest (the first one where two hold the same tar). */
  private static Map<String, String> layerIdsByDiffDigest(Path layersJson) throws IOException {
    Map<String, String> ids = new HashMap<>();
    for (JsonNode layer : JSON.readTree(layersJson.toFile())) {
      String id = layer.path("id").asText("");
      String diffDigest = layer.path("diff-digest").asText("");
      if (!id.matches("[a-f0-9]{64}") || diffDigest.isEmpty() || layer.path("flags").path("incomplete").asBoolean()) {
        continue;
      }
      ids.putIfAbsent(diffDigest, id);
    }
    return ids;
  }

  private static Blob config(Path graphRoot, String digest) throws IOException, Unreadable {
    String hex = digest.substring(digest.indexOf(':') + 1);
    if (!hex.matches("[a-f0-9]{64}")) {
      throw new Unreadable("image ID " + digest + " is not a sha256 digest");
    }
    Path file = graphRoot.resolve("overlay-images").resolve(hex).resolve(bigDataFileName(digest));
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Files.isReadable(file)) {
      throw new Unreadable("no config of image " + digest + " this process can read at " + file);
    }
    return new Blob(Files.size(file), file, null);
  }

  private static Blob layer(Path graphRoot, Map<String, String> layerIds, String digest)
      throws IOException, Unreadable {
    String id = layerIds.get(digest);
    if (id == null) {
      throw new Unreadable("no layer with diff ID " + digest + " in " + graphRoot.resolve("overlay-layers/layers.json"));
    }
    Path tarSplit = graphRoot.resolve("overlay-layers").resolve(id + ".tar-split.gz");
    Path diff = graphRoot.resolve("overlay").resolve(id).resolve("diff");
    if (!Files.isReadable(tarSplit) || !Files.isDirectory(diff)) {
      throw new Unreadable("layer " + digest + " has no tar-split and diff directory this process can read ("
          + tarSplit + ", " + diff + ")");
    }
    TarSplitLayer layer = new TarSplitLayer(tarSplit, diff);
    long size;
    try {
      size = layer.check();
    } catch (IOException e) {
      throw new Unreadable("layer " + digest + ": " + DockerEngine.message(e));
    }
    return new Blob(size, null, layer);
  }

  /**
   * The file name containers-storage gives a big-data item: the key itself when it is made of {@code [a-z0-9.]}
   * only, else {@code =} and the key in standard base64.
   */
  static String bigDataFileName(String key) {
    if (key.matches("[a-z0-9.]+")) {
      return key;
    }
    return "=" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String word() {
    return WORD;
  }

  /** Where this storage is. */
  Path graphRoot() {
    return graphRoot;
  }

  @Override
  public void read(Set<String> digests, BlobConsumer consumer) {
    for (String digest : digests) {
      Blob blob = blobs.get(digest);
      if (blob == null) {
        throw StepException.failure("blob " + digest + " was not looked for in " + graphRoot, null);
      }
      String origin = "the engine's storage (" + (blob.config() != null ? blob.config() : blob.layer().diff()) + ")";
      try (InputStream content = blob.config() != null ? Files.newInputStream(blob.config()) : blob.layer().open()) {
        consumer.accept(digest, blob.size(), content, origin);
      } catch (IOException e) {
        throw StepException.failure("reading blob " + digest + " from " + origin + ": " + DockerEngine.message(e), e);
      }
    }
  }

  @Override
  public void close() {
    release(lockFile, lock);
  }

  private static void release(FileChannel lockFile, FileLock lock) {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockFile != null) {
        lockFile.close();
      }
    } catch (IOException ignored) {
      // closing a read-only lock file: nothing to do about a failure
    }
  }
}
