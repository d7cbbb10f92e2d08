package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import io.lanes.core.image.ImageReference;
import io.lanes.steps.StepException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The blobs of one image read from the engine's export ({@code GET /images/{name}/get}, a tar of the image), in the
 * order the export holds them. Works with every Docker-compatible engine; on podman the export writes the whole image
 * to a temporary file before its first byte (see {@link LayerSourceChoice}). Layouts read: podman's ({@code
 * <hex>.tar}, {@code <hex>.json}) and Docker 25+'s OCI layout ({@code blobs/sha256/<hex>}).
 */
final class EngineExport implements LayerSource {
  /** This source's word on stderr and in {@code --result}. */
  static final String WORD = "export";

  /** Layer and config files in an engine's export: podman's {@code <hex>.tar}/{@code <hex>.json}, OCI blobs. */
  private static final Pattern BLOB_NAME = Pattern.compile("(?:blobs/sha256/)?([a-f0-9]{64})(?:\\.tar|\\.json)?");

  private static final String ORIGIN = "the engine's export";

  private final DockerClient engine;
  private final ImageReference reference;

  EngineExport(DockerClient engine, ImageReference reference) {
    this.engine = engine;
    this.reference = reference;
  }

  @Override
  public String word() {
    return WORD;
  }

  @Override
  public void read(Set<String> digests, BlobConsumer blobs) {
    Set<String> seen = new LinkedHashSet<>();
    // A large buffer: the engine's stream arrives in small reads, and each read becomes a request body chunk.
    try (InputStream export = new BufferedInputStream(engine.saveImageCmd(reference.toString()).exec(), 1 << 20);
        TarArchiveInputStream tar = new TarArchiveInputStream(export)) {
      TarArchiveEntry entry;
      while (seen.size() < digests.size() && (entry = tar.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        Matcher name = BLOB_NAME.matcher(entry.getName());
        if (!name.matches()) {
          continue;
        }
        String digest = "sha256:" + name.group(1);
        if (digests.contains(digest) && seen.add(digest)) {
          blobs.accept(digest, entry.getSize(), tar, ORIGIN);
        }
      }
    } catch (IOException e) {
      throw StepException.failure("reading the engine's export of " + reference + ": " + e.getMessage(), e);
    }
    for (String digest : digests) {
      if (!seen.contains(digest)) {
        throw StepException.failure(
            "the engine's export of " + reference + " has no blob " + digest + " (an export layout Lanes does not read?)",
            null);
      }
    }
  }

  @Override
  public void close() {
    // the export's stream is closed by read
  }
}
