package io.lanes.steps.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.lanes.steps.testing.LocalService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * The real services the image steps' tests use: podman's Docker-compatible API service, and Debian's
 * docker-registry on a real Swift, each started once per test JVM by its script in src/services.
 */
final class RealImageServices {
  private RealImageServices() {}

  static Map<String, String> swift() {
    return LocalService.start("swift");
  }

  static Map<String, String> registry() {
    swift();
    return LocalService.start("registry");
  }

  static Map<String, String> podman() {
    return LocalService.start("podman");
  }

  /** {@code host:port} of the registry. */
  static String registryHost() {
    return registry().get("REGISTRY_HOST");
  }

  static String dockerHost() {
    return podman().get("DOCKER_HOST");
  }

  /** A platform map with platforms acme and globex whose images live in the real registry. */
  static Path platformMap(Path dir) throws IOException {
    return platformMap(dir.resolve("lanes.config"), registryHost());
  }

  /** A platform map, written to {@code file}, with platforms acme and globex whose images live at {@code host}. */
  static Path platformMap(Path file, String host) throws IOException {
    Files.writeString(
        file,
        """
        [platform "acme"]
        	branch = platform/acme
        	namespace = openedx-acme
        	cluster = prod
        	registry = %1$s
        [platform "globex"]
        	branch = platform/globex
        	namespace = openedx-globex
        	cluster = prod
        	registry = %1$s
        [cluster "prod"]
        	server = https://10.0.0.10:6443
        """
            .formatted(host));
    return file;
  }

  static DockerClient docker() {
    return docker(dockerHost());
  }

  /** A client of the engine at {@code host}. */
  static DockerClient docker(String host) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    return DockerClientImpl.getInstance(
        config, new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
  }

  /**
   * Builds {@code reference} in podman from scratch with one layer holding {@code bytes} random bytes (new
   * content each call, so new digests); returns the image ID.
   */
  static String buildRandomImage(Path dir, String reference, int bytes) throws IOException {
    return buildRandomImage(dir, "scratch", Set.of(reference), bytes);
  }

  /**
   * Builds an image tagged with every one of {@code references}: {@code base} plus one layer of {@code bytes} new
   * random bytes; returns the image ID.
   */
  static String buildRandomImage(Path dir, String base, Set<String> references, int bytes) throws IOException {
    return buildRandomImage(dockerHost(), dir, base, references, bytes);
  }

  /** {@link #buildRandomImage(Path, String, Set, int)} in the engine at {@code host}. */
  static String buildRandomImage(String host, Path dir, String base, Set<String> references, int bytes)
      throws IOException {
    Path context = Files.createTempDirectory(dir, "context");
    byte[] data = new byte[bytes];
    new SecureRandom().nextBytes(data);
    Files.write(context.resolve("data.bin"), data);
    Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nCOPY data.bin /data-" + bytes + ".bin\n");
    return build(host, context, references);
  }

  /**
   * Builds {@code reference} in podman from scratch with one layer like a Python source tree: text files of about
   * {@code bytes} in all, compressible as source code is (new content each call, so new digests); returns the image ID.
   */
  static String buildTreeImage(Path dir, String reference, int bytes) throws IOException {
    Path context = Files.createTempDirectory(dir, "context");
    Path tree = Files.createDirectories(context.resolve("tree/site-packages"));
    long seed = new SecureRandom().nextLong();
    int files = 0;
    for (int written = 0; written < bytes; files++) {
      int size = 4096 + (int) Math.floorMod(seed + files * 7919L, 60_000);
      Path module = Files.createDirectories(tree.resolve("pkg" + files % 17)).resolve("module" + files + ".py");
      Files.write(module, ParallelGzipStreamTest.sourceLike(size, seed + files));
      written += size;
    }
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY tree /usr/lib/python3/\n");
    return build(dockerHost(), context, Set.of(reference));
  }

  /** Builds {@code context} (its Dockerfile) in the engine at {@code host}, tagged {@code references}; the image ID. */
  static String build(String host, Path context, Set<String> references) {
    try (DockerClient docker = docker(host)) {
      return docker.buildImageCmd(context.toFile())
          .withTags(references)
          .withForcerm(true)
          .exec(new BuildImageResultCallback())
          .awaitImageId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** podman's graph root (its containers-storage), as its API says. */
  static Path graphRoot() {
    try (DockerClient docker = docker()) {
      return Path.of(docker.infoCmd().exec().getDockerRootDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files of the layer whose diff ID is {@code diffId} in podman's storage: {@code overlay/<layer id>/diff}. */
  static Path layerFiles(String diffId) throws IOException {
    Path root = graphRoot();
    for (JsonNode layer : new ObjectMapper().readTree(root.resolve("overlay-layers/layers.json").toFile())) {
      if (layer.path("diff-digest").asText().equals(diffId)) {
        return root.resolve("overlay").resolve(layer.path("id").asText()).resolve("diff");
      }
    }
    throw new IllegalStateException("no layer " + diffId + " in " + root);
  }
}
