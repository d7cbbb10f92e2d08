package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.lanes.steps.registry.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("containers-storage read directly (tar-split reassembly) against real podman's storage and export")
class ContainersStorageTest {
  private static final Pattern EXPORTED_BLOB = Pattern.compile("([a-f0-9]{64})\\.(tar|json)");
  private static final String ABSENT = "sha256:" + "0".repeat(64);

  @TempDir static Path dir;
  static InspectImageResponse image;
  /** The engine's export of the image: blob bytes by digest. */
  static Map<String, byte[]> exported = new HashMap<>();

  /**
   * Builds, in the real podman, a two-layer image whose first layer has what a tar can hold besides plain files
   * (ADDed from a tar, which keeps them): directories, an empty file, a symbolic link, a hard link, an executable, a
   * name with a space and non-ASCII letters, a name longer than a tar header holds, a file whose size is not a
   * multiple of tar's 512-byte blocks; then reads the engine's export of it.
   */
  @BeforeAll
  static void image() throws Exception {
    Path context = Files.createDirectories(dir.resolve("context"));
    byte[] odd = new byte[(1 << 20) + 13];
    new SecureRandom().nextBytes(odd);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(context.resolve("tree.tar")))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      directory(tar, "tree/");
      directory(tar, "tree/sub/");
      file(tar, "tree/a.txt", "a small text file\n".getBytes(StandardCharsets.UTF_8), 0644);
      file(tar, "tree/sub/odd.bin", odd, 0644);
      file(tar, "tree/empty", new byte[0], 0644);
      file(tar, "tree/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), 0750);
      file(tar, "tree/with space é.txt", "named\n".getBytes(StandardCharsets.UTF_8), 0644);
      file(tar, "tree/" + "long-name-".repeat(12) + ".txt", "long\n".getBytes(StandardCharsets.UTF_8), 0644);
      TarArchiveEntry link = new TarArchiveEntry("tree/link", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("a.txt");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      TarArchiveEntry hard = new TarArchiveEntry("tree/hard", TarArchiveEntry.LF_LINK);
      hard.setLinkName("tree/a.txt");
      tar.putArchiveEntry(hard);
      tar.closeArchiveEntry();
    }
    Files.writeString(context.resolve("second.txt"), "the second layer\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nADD tree.tar /\nCOPY second.txt /second.txt\n");
    String reference = RealImageServices.registryHost() + "/acme/storage-read:test";
    RealImageServices.build(RealImageServices.dockerHost(), context, Set.of(reference));

    try (DockerClient docker = RealImageServices.docker()) {
      image = docker.inspectImageCmd(reference).exec();
      try (InputStream export = docker.saveImageCmd(reference).exec();
          TarArchiveInputStream tar = new TarArchiveInputStream(export)) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          Matcher name = EXPORTED_BLOB.matcher(entry.getName());
          if (entry.isFile() && name.matches()) {
            exported.put("sha256:" + name.group(1), tar.readAllBytes());
          }
        }
      }
    }
    assertThat(image.getRootFS().getLayers()).hasSize(2);
  }

  private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static Map<String, byte[]> readFromStorage(Set<String> digests) throws Exception {
    Map<String, byte[]> read = new HashMap<>();
    try (ContainersStorage storage = ContainersStorage.open(RealImageServices.graphRoot(), image.getId(), digests)) {
      storage.read(digests, (digest, size, content, origin) -> {
        try {
          byte[] bytes = content.readAllBytes();
          assertThat(bytes).as("%s: the size given before reading", digest).hasSize((int) size);
          read.put(digest, bytes);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
    return read;
  }

  @Test
  @DisplayName("each layer reassembled from tar-split and the diff directory is the export's layer tar, byte for byte")
  void layersAreTheExportsBytes() throws Exception {
    List<String> layers = image.getRootFS().getLayers();

    Map<String, byte[]> read = readFromStorage(new LinkedHashSet<>(layers));

    for (String layer : layers) {
      assertThat(exported).containsKey(layer);
      assertThat(read.get(layer)).as("layer %s", layer).isEqualTo(exported.get(layer));
      assertThat(ImageManifest.sha256(read.get(layer))).isEqualTo(layer);
    }
    assertThat(read.get(layers.get(0)).length).as("the first layer holds the 1 MiB file").isGreaterThan(1 << 20);
  }

  @Test
  @DisplayName("the config read from the image's big-data file is the export's config, whose digest is the image ID")
  void configIsTheExportsBytes() throws Exception {
    byte[] config = readFromStorage(Set.of(image.getId())).get(image.getId());

    assertThat(config).isEqualTo(exported.get(image.getId()));
    assertThat(ImageManifest.sha256(config)).isEqualTo(image.getId());
  }

  @Test
  @DisplayName("big-data file names: plain keys as they are, keys with other characters as = and their base64")
  void bigDataFileNames() {
    assertThat(ContainersStorage.bigDataFileName("manifest")).isEqualTo("manifest");
    assertThat(ContainersStorage.bigDataFileName("sha256:ab"))
        .isEqualTo("=" + Base64.getEncoder().encodeToString("sha256:ab".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("a directory without containers-storage, or a layer the storage lacks, is unreadable with the reason")
  void notThere() throws Exception {
    Path nothing = Files.createDirectories(dir.resolve("nothing"));
    assertThatThrownBy(() -> ContainersStorage.open(nothing, image.getId(), Set.of(image.getId())))
        .isInstanceOf(ContainersStorage.Unreadable.class)
        .hasMessage("no containers-storage this process can read at " + nothing);

    Path root = RealImageServices.graphRoot();
    assertThatThrownBy(() -> ContainersStorage.open(root, image.getId(), Set.of(ABSENT)))
        .isInstanceOf(ContainersStorage.Unreadable.class)
        .hasMessage("no layer with diff ID " + ABSENT + " in " + root.resolve("overlay-layers/layers.json"));
    assertThatThrownBy(() -> ContainersStorage.open(root, ABSENT, Set.of(ABSENT)))
        .isInstanceOf(ContainersStorage.Unreadable.class)
        .hasMessageStartingWith("no config of image " + ABSENT + " this process can read at " + root);
  }

  @Test
  @DisplayName("a tar-split naming a file that is missing, or one outside the layer's directory, is unreadable")
  void tarSplitChecks() throws Exception {
    String id = "f".repeat(64);
    Path root = fakeStorage("missing", id, "{\"type\":1,\"name\":\"gone.txt\",\"size\":4,\"payload\":null}");
    assertThatThrownBy(() -> ContainersStorage.open(root, image.getId(), Set.of(ABSENT)))
        .isInstanceOf(ContainersStorage.Unreadable.class)
        .hasMessage("layer " + ABSENT + ": " + root.resolve("overlay/" + id + "/diff/gone.txt")
            + " is not a regular file this process can read");

    Path escaping = fakeStorage("escaping", id, "{\"type\":1,\"name\":\"../../../../etc/hostname\",\"size\":4}");
    assertThatThrownBy(() -> ContainersStorage.open(escaping, image.getId(), Set.of(ABSENT)))
        .isInstanceOf(ContainersStorage.Unreadable.class)
        .hasMessageContaining("file name ../../../../etc/hostname leads out of " + escaping.resolve("overlay/" + id + "/diff"));
  }

  /** A containers-storage in {@code name} with one layer {@code id}, diff ID {@link #ABSENT}, and the tar-split lines. */
  private static Path fakeStorage(String name, String id, String... tarSplitLines) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(root.resolve("overlay/" + id + "/diff"));
    Files.createDirectories(root.resolve("overlay-layers"));
    Files.writeString(root.resolve("overlay-layers/layers.lock"), "");
    Files.writeString(
        root.resolve("overlay-layers/layers.json"), "[{\"id\":\"" + id + "\",\"diff-digest\":\"" + ABSENT + "\"}]");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(root.resolve("overlay-layers/" + id + ".tar-split.gz")))) {
      for (String line : tarSplitLines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return root;
  }
}
