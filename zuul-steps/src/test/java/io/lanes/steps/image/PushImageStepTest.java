package io.lanes.steps.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepRun;
import io.lanes.steps.registry.ImageManifest;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.testing.TcpRelay;
import io.lanes.steps.Sha256Counter;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("push-image against real podman and a real docker-registry on real Swift")
class PushImageStepTest extends ImageStepFixture {
  private static final int LAYER_BYTES = 3 << 20;

  private static final String TAG = tag(2);

  private static String[] push(String... more) {
    return stepArgs("push-image", 2, more);
  }

  @Test
  @DisplayName("pushes by digest: the manifest read back has the recorded digest, blobs land in Swift, artifacts in zuul-jobs' shape")
  void pushesByDigest() throws Exception {
    String reference = registryHost + "/acme/pushed:" + TAG;
    String imageId = RealImageServices.buildRandomImage(dir, reference, LAYER_BYTES);
    Path result = dir.resolve("push.json");

    StepRun run = StepRun.of(push("--image", "pushed", "--result", result.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.toFile());
    JsonNode image = json.path("lanes").path("images").get(0);
    String digest = image.path("digest").asText();
    ImageManifest served =
        new RegistryClient("http://" + registryHost, Duration.ofSeconds(10)).manifest("acme/pushed", digest).orElseThrow();
    assertThat(served.digest()).isEqualTo(digest);
    assertThat(served.text()).contains("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + imageId);
    assertThat(image.path("layer_bytes_sent").asLong()).isGreaterThanOrEqualTo(LAYER_BYTES);
    assertThat(image.path("layer_source").asText()).isEqualTo("storage");
    assertThat(run.out()).isEqualTo(registryHost + "/acme/pushed@" + digest + "\n");
    assertThat(run.err()).contains("push-image: " + registryHost + "/acme/pushed layer 1/1 sha256:");

    JsonNode artifact = json.path("zuul").path("artifacts").get(0);
    assertThat(artifact.path("name").asText()).isEqualTo("pushed");
    assertThat(artifact.path("metadata").path("type").asText()).isEqualTo("container_image");
    assertThat(artifact.path("metadata").path("repository").asText()).isEqualTo(registryHost + "/acme/pushed");
    assertThat(artifact.path("metadata").path("tag").asText()).isEqualTo(TAG);
    assertThat(artifact.path("metadata").path("digest").asText()).isEqualTo(digest);

    String layer = new ObjectMapper().readTree(served.bytes()).path("layers").get(0).path("digest").asText();
    assertThat(swiftObjectExists("files/docker/registry/v2/blobs/sha256/" + layer.substring(7, 9) + "/"
            + layer.substring(7) + "/data"))
        .as("the layer is stored in the Swift container")
        .isTrue();
  }

  @Test
  @DisplayName("re-pushing an unchanged image sends no layer bytes (counted on the wire) and gives the same digest")
  void rePushSendsNoLayerBytes() throws Exception {
    String reference = registryHost + "/acme/repushed:" + TAG;
    RealImageServices.buildRandomImage(dir, reference, LAYER_BYTES);
    StepRun first = StepRun.of(push("--image", "repushed"));
    assertThat(first.exitCode()).as(first.err()).isZero();

    String port = registryHost.substring(registryHost.indexOf(':') + 1);
    try (TcpRelay proxy = TcpRelay.counting("127.0.0.1", Integer.parseInt(port))) {
      Path result = dir.resolve("repush.json");
      StepRun second = StepRun.of(push("--image", "repushed", "--registry-url", proxy.url(), "--result", result.toString()));

      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(second.out()).isEqualTo(first.out());
      assertThat(proxy.bytesSent()).as("bytes sent to the registry").isLessThan(16 * 1024);
      JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
      assertThat(image.path("layer_bytes_sent").asLong()).isZero();
      assertThat(image.path("blobs_sent").asInt()).isZero();
      assertThat(image.path("blobs_skipped").asInt()).isEqualTo(2);
      assertThat(image.path("layer_source").asText()).isEqualTo("none");
      assertThat(second.err()).contains("already in").contains("nothing sent").doesNotContain("layer 1/1")
          .doesNotContain("reading blobs");
    }
  }

  @Test
  @DisplayName("a compressible layer is sent gzip'd: the registry serves OCI gzip layers whose bytes gunzip to the"
      + " config's diff IDs, and skopeo inspects the image and copies it (to an OCI dir, and decompressed)")
  void layersAreGzip() throws Exception {
    String reference = registryHost + "/acme/gzipped:" + TAG;
    RealImageServices.buildTreeImage(dir, reference, 3 << 20);
    Path result = dir.resolve("gzipped.json");

    StepRun run = StepRun.of(push("--image", "gzipped", "--result", result.toString()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
    long uncompressed = image.path("layer_bytes_uncompressed").asLong();
    assertThat(uncompressed).isGreaterThan(3 << 20);
    assertThat(image.path("layer_bytes_sent").asLong()).as("gzip of a source tree").isLessThan(uncompressed / 3);
    assertThat(run.err()).contains("(gzip, ");

    RegistryClient registry = new RegistryClient("http://" + registryHost, Duration.ofSeconds(10));
    String digest = image.path("digest").asText();
    JsonNode manifest = new ObjectMapper().readTree(registry.manifest("acme/gzipped", digest).orElseThrow().bytes());
    List<String> diffIds =
        ImageManifests.diffIds(registry.blob("acme/gzipped", manifest.path("config").path("digest").asText()));
    JsonNode layers = manifest.path("layers");
    assertThat(layers.size()).isEqualTo(diffIds.size()).isPositive();
    for (int i = 0; i < layers.size(); i++) {
      JsonNode layer = layers.get(i);
      assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      byte[] blob = registry.blob("acme/gzipped", layer.path("digest").asText());
      assertThat(blob).hasSize(layer.path("size").asInt()).startsWith((byte) 0x1f, (byte) 0x8b);
      Sha256Counter gunzipped = new Sha256Counter();
      try (var in = gunzipped.reading(new GZIPInputStream(new ByteArrayInputStream(blob)))) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      assertThat(gunzipped.sha256Prefixed()).as("layer %d gunzipped", i).isEqualTo(diffIds.get(i));
    }

    String source = "docker://" + registryHost + "/acme/gzipped@" + digest;
    JsonNode inspected = new ObjectMapper().readTree(skopeo("inspect", "--tls-verify=false", source));
    assertThat(inspected.path("Digest").asText()).isEqualTo(digest);
    assertThat(inspected.path("Layers").get(0).asText()).isEqualTo(layers.get(0).path("digest").asText());
    skopeo("copy", "--src-tls-verify=false", source, "oci:" + dir.resolve("oci") + ":gzipped");
    assertThat(dir.resolve("oci/blobs/" + layers.get(0).path("digest").asText().replace(':', '/')))
        .hasSize(layers.get(0).path("size").asLong());
    Path decompressed = dir.resolve("decompressed");
    skopeo("copy", "--src-tls-verify=false", "--dest-decompress", source, "dir:" + decompressed);
    JsonNode copied = new ObjectMapper().readTree(decompressed.resolve("manifest.json").toFile());
    for (int i = 0; i < diffIds.size(); i++) {
      assertThat(copied.path("layers").get(i).path("digest").asText())
          .as("layer %d as skopeo decompressed it", i)
          .isEqualTo(diffIds.get(i));
    }
  }

  @Test
  @DisplayName("the same image pushed for the next patch set sends no layer bytes: its blobs are found from the"
      + " previous patch set's manifest (counted on the wire)")
  void nextPatchSetSendsNoLayerBytes() throws Exception {
    String repository = registryHost + "/acme/next-ps";
    RealImageServices.buildRandomImage(dir, "scratch", Set.of(repository + ":" + tag(5), repository + ":" + tag(6)),
        LAYER_BYTES);
    StepRun first = StepRun.of(stepArgs("push-image", 5, "--image", "next-ps"));
    assertThat(first.exitCode()).as(first.err()).isZero();

    String port = registryHost.substring(registryHost.indexOf(':') + 1);
    try (TcpRelay proxy = TcpRelay.counting("127.0.0.1", Integer.parseInt(port))) {
      Path result = dir.resolve("next-ps.json");
      StepRun second =
          StepRun.of(stepArgs("push-image", 6, "--image", "next-ps", "--registry-url", proxy.url(), "--result",
              result.toString()));

      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(proxy.bytesSent()).as("bytes sent to the registry").isLessThan(16 * 1024);
      JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
      assertThat(image.path("layer_bytes_sent").asLong()).isZero();
      assertThat(image.path("blobs_sent").asInt()).isZero();
      assertThat(image.path("blobs_skipped").asInt()).isEqualTo(2);
      assertThat(image.path("layer_source").asText()).isEqualTo("none");
      assertThat(image.path("digest").asText()).as("the same manifest").isEqualTo(
          first.out().substring(first.out().indexOf('@') + 1).strip());
    }
  }

  @Test
  @DisplayName("an image built on the platform's latest promoted image sends only its own layer: the base layer's"
      + " blob is found from latest-<platform>'s manifest")
  void baseLayerFoundFromLatest() throws Exception {
    String base = registryHost + "/acme/on-latest:" + TAG;
    RealImageServices.buildRandomImage(dir, base, LAYER_BYTES);
    StepRun first = StepRun.of(push("--image", "on-latest"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    RegistryClient registry = new RegistryClient("http://" + registryHost, Duration.ofSeconds(10));
    registry.putManifest("acme/on-latest", "latest-acme", registry.manifest("acme/on-latest", TAG).orElseThrow());
    String derived = registryHost + "/acme/on-latest:" + tag(8);
    RealImageServices.buildRandomImage(dir, base, Set.of(derived), 4096);

    Path result = dir.resolve("on-latest.json");
    StepRun second = StepRun.of(stepArgs("push-image", 8, "--image", "on-latest", "--result", result.toString()));

    assertThat(second.exitCode()).as(second.err()).isZero();
    JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
    assertThat(image.path("layers").asInt()).isEqualTo(2);
    assertThat(image.path("blobs_skipped").asInt()).as("the base layer").isEqualTo(1);
    assertThat(image.path("blobs_sent").asInt()).as("the config and the new layer").isEqualTo(2);
    assertThat(image.path("layer_bytes_uncompressed").asLong()).isLessThan(LAYER_BYTES / 4);
  }

  @Test
  @DisplayName("a layer the repository of another image of the run has is mounted, not sent (counted on the wire)")
  void mountsSharedLayerFromPlatformRepository() throws Exception {
    String base = registryHost + "/acme/mount-base:" + TAG;
    RealImageServices.buildRandomImage(dir, base, LAYER_BYTES);
    StepRun first = StepRun.of(push("--image", "mount-base"));
    assertThat(first.exitCode()).as(first.err()).isZero();
    String derived = registryHost + "/acme/mount-mfe:" + TAG;
    RealImageServices.buildRandomImage(dir, base, java.util.Set.of(derived), 4096);

    JsonNode image;
    String port = registryHost.substring(registryHost.indexOf(':') + 1);
    try (TcpRelay proxy = TcpRelay.counting("127.0.0.1", Integer.parseInt(port))) {
      Path result = dir.resolve("mount.json");
      StepRun second =
          StepRun.of(
              push("--image", "mount-mfe", "--image", "mount-base", "--registry-url", proxy.url(), "--result",
                  result.toString()));

      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(proxy.bytesSent()).as("bytes sent to the registry").isLessThan(LAYER_BYTES / 4);
      image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
      assertThat(second.err()).contains("1 mounted from the run's other repositories");
    }
    assertThat(image.path("layers").asInt()).isEqualTo(2);
    assertThat(image.path("blobs_mounted").asInt()).isEqualTo(1);
    assertThat(image.path("blobs_sent").asInt()).isEqualTo(2);
    assertThat(image.path("layer_bytes_sent").asLong()).isBetween(4096L, (long) LAYER_BYTES / 4);
    ImageManifest served =
        new RegistryClient("http://" + registryHost, Duration.ofSeconds(10))
            .manifest("acme/mount-mfe", image.path("digest").asText())
            .orElseThrow();
    JsonNode layers = new ObjectMapper().readTree(served.bytes()).path("layers");
    assertThat(new RegistryClient("http://" + registryHost, Duration.ofSeconds(10))
            .blobSize("acme/mount-mfe", layers.get(0).path("digest").asText()))
        .as("the mounted base layer is served from the new repository")
        .contains(layers.get(0).path("size").asLong());
  }

  @Test
  @DisplayName("a layer only another platform's repository has is sent, never mounted across platforms")
  void neverMountsAcrossPlatforms() throws Exception {
    String theirs = registryHost + "/globex/shared:" + TAG;
    String ours = registryHost + "/acme/unshared:" + TAG;
    RealImageServices.buildRandomImage(dir, "scratch", java.util.Set.of(theirs, ours), LAYER_BYTES);
    StepRun globex =
        StepRun.of(
            "push-image", "--config", map.toString(), "--branch", "platform/globex", "--change", CHANGE, "--patchset",
            "2", "--docker-host", RealImageServices.dockerHost(), "--image", "shared");
    assertThat(globex.exitCode()).as(globex.err()).isZero();
    Path result = dir.resolve("unshared.json");

    StepRun acme = StepRun.of(push("--image", "unshared", "--result", result.toString()));

    assertThat(acme.exitCode()).as(acme.err()).isZero();
    JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
    assertThat(image.path("blobs_mounted").asInt()).isZero();
    assertThat(image.path("layer_bytes_sent").asLong()).isGreaterThanOrEqualTo(LAYER_BYTES);
  }

  @Test
  @DisplayName("a push read from podman's storage and one read from its export put the same manifest, by digest")
  void storageAndExportPutTheSameManifest() throws Exception {
    String viaStorage = registryHost + "/acme/via-storage:" + TAG;
    String viaExport = registryHost + "/acme/via-export:" + TAG;
    RealImageServices.buildRandomImage(dir, "scratch", Set.of(viaStorage, viaExport), LAYER_BYTES);
    Path storageResult = dir.resolve("via-storage.json");
    Path exportResult = dir.resolve("via-export.json");

    StepRun storage = StepRun.of(push("--image", "via-storage", "--result", storageResult.toString()));
    StepRun export =
        StepRun.of(push("--image", "via-export", "--layer-source", "export", "--result", exportResult.toString()));

    assertThat(storage.exitCode()).as(storage.err()).isZero();
    assertThat(export.exitCode()).as(export.err()).isZero();
    JsonNode fromStorage = new ObjectMapper().readTree(storageResult.toFile()).path("lanes").path("images").get(0);
    JsonNode fromExport = new ObjectMapper().readTree(exportResult.toFile()).path("lanes").path("images").get(0);
    assertThat(fromStorage.path("layer_source").asText()).isEqualTo("storage");
    assertThat(fromExport.path("layer_source").asText()).isEqualTo("export");
    assertThat(fromStorage.path("digest").asText()).isEqualTo(fromExport.path("digest").asText());
    assertThat(fromExport.path("blobs_mounted").asInt()).as("the export's push sent its blobs").isZero();
    assertThat(fromExport.path("layer_bytes_sent").asLong()).isGreaterThanOrEqualTo(LAYER_BYTES);
    assertThat(storage.err())
        .contains("push-image: " + viaStorage + ": reading blobs from the engine's storage "
            + RealImageServices.graphRoot() + "\n");
    assertThat(export.err())
        .contains("push-image: " + viaExport + ": reading blobs from the engine's export (--layer-source export)\n");
  }

  @Test
  @DisplayName("a layer whose file changed on disk in podman's storage is refused naming it (exit 1), nothing tagged")
  void changedLayerIsRefused() throws Exception {
    String reference = registryHost + "/acme/damaged:" + TAG;
    RealImageServices.buildRandomImage(dir, reference, LAYER_BYTES);
    String layer;
    try (var docker = RealImageServices.docker()) {
      layer = docker.inspectImageCmd(reference).exec().getRootFS().getLayers().get(0);
    }
    Path files = RealImageServices.layerFiles(layer);
    try (RandomAccessFile data = new RandomAccessFile(files.resolve("data-" + LAYER_BYTES + ".bin").toFile(), "rw")) {
      data.seek(LAYER_BYTES / 2);
      int b = data.read();
      data.seek(LAYER_BYTES / 2);
      data.write(b ^ 0xff);
    }

    StepRun run = StepRun.of(push("--image", "damaged"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    String last = run.err().lines().reduce((first, second) -> second).orElseThrow();
    assertThat(last)
        .startsWith("push-image " + reference + ": layer " + layer + " read from the engine's storage (" + files
            + ") has digest sha256:")
        .endsWith(", not " + layer + "; nothing was tagged");
    RegistryClient registry = new RegistryClient("http://" + registryHost, Duration.ofSeconds(10));
    assertThat(registry.manifest("acme/damaged", TAG)).as("the tag").isEmpty();
    assertThat(registry.blobSize("acme/damaged", layer)).as("the layer in the repository").isEmpty();
  }

  @Test
  @DisplayName("an engine whose storage this process cannot see is read through its export, said on stderr")
  void unseenStorageFallsBackToExport() throws Exception {
    try (HiddenStoragePodman hidden = HiddenStoragePodman.start(dir.resolve("hidden"))) {
      String reference = registryHost + "/acme/hidden:" + TAG;
      RealImageServices.buildRandomImage(hidden.dockerHost(), dir, "scratch", Set.of(reference), 4096);
      Path result = dir.resolve("hidden.json");

      StepRun run =
          StepRun.of(
              "push-image", "--config", map.toString(), "--branch", "platform/acme", "--change", CHANGE, "--patchset",
              "2", "--docker-host", hidden.dockerHost(), "--image", "hidden", "--result", result.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err())
          .contains("push-image: " + reference + ": reading blobs from the engine's export (no containers-storage"
              + " this process can read at " + hidden.graphRoot() + ")\n");
      JsonNode image = new ObjectMapper().readTree(result.toFile()).path("lanes").path("images").get(0);
      assertThat(image.path("layer_source").asText()).isEqualTo("export");
      assertThat(new RegistryClient("http://" + registryHost, Duration.ofSeconds(10))
              .manifest("acme/hidden", image.path("digest").asText()))
          .isPresent();
    }
  }

  @Test
  @DisplayName("--layer-source takes auto or export, anything else is a usage error (exit 2) naming the flag")
  void layerSourceValues() {
    StepRun run = StepRun.of(push("--image", "pushed", "--layer-source", "storage"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--layer-source").contains("expected auto or export, not 'storage'");
  }

  @Test
  @DisplayName("an image outside the platform's prefix is a policy violation (exit 3) and pushes nothing")
  void imageOfAnotherPlatform() {
    StepRun run = StepRun.of(push("--image", registryHost + "/globex/openedx:" + TAG));

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo("image " + registryHost + "/globex/openedx:" + TAG + " is outside platform acme's prefix "
            + registryHost + "/acme/\n");
  }

  @Test
  @DisplayName("an unreachable registry fails (exit 1) with one line naming it")
  void unreachableRegistry() throws Exception {
    String reference = registryHost + "/acme/unreachable:" + TAG;
    RealImageServices.buildRandomImage(dir, reference, 1024);

    StepRun run = StepRun.of(push("--image", "unreachable", "--registry-url", "http://127.0.0.1:1"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith(
        "push-image " + reference + ": registry http://127.0.0.1:1 unreachable: connection refused\n");
  }

  @Test
  @DisplayName("an unreachable docker engine fails (exit 1) naming the socket")
  void unreachableEngine() {
    StepRun run =
        StepRun.of(
            "push-image", "--config", map.toString(), "--branch", "platform/acme", "--change", CHANGE, "--patchset", "2",
            "--docker-host", "unix:///nonexistent/docker.sock", "--image", "openedx");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("docker engine unix:///nonexistent/docker.sock unreachable: ");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("an image that was never built fails (exit 1) naming it")
  void imageNotBuilt() {
    StepRun run = StepRun.of(push("--image", "never-built"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("image " + registryHost + "/acme/never-built:" + TAG + " is not in the docker engine"
            + " (build it first with build-image)\n");
  }

  /** Runs skopeo (installed on this machine); its stdout, or the test fails with its stderr. */
  private static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo", "--registries-conf", "/dev/null"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(dir.resolve("skopeo.err").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", command, Files.readString(dir.resolve("skopeo.err"))).isZero();
    return out;
  }

  private static boolean swiftObjectExists(String object) throws Exception {
    Map<String, String> swift = RealImageServices.swift();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Void> auth =
        http.send(
            HttpRequest.newBuilder(URI.create(swift.get("SWIFT_AUTH_URL")))
                .header("X-Auth-User", swift.get("SWIFT_USER"))
                .header("X-Auth-Key", swift.get("SWIFT_KEY"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String token = auth.headers().firstValue("X-Auth-Token").orElseThrow();
    String storage = auth.headers().firstValue("X-Storage-Url").orElseThrow();
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(URI.create(storage + "/registry/" + object))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("X-Auth-Token", token)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return head.statusCode() == 200;
  }
}
