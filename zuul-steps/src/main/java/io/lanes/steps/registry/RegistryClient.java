package io.lanes.steps.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.Sha256Counter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/**
 * A client of the Registry HTTP API v2 (what Docker's distribution and Magnum's registry serve), for exactly what
 * Lanes does: blob existence checks, streamed blob uploads, cross-repository mounts, manifests by tag or digest,
 * tag listing and manifest deletion. Anonymous, as Magnum's registry on {@code localhost:5000} is, or, given
 * credentials, with HTTP Basic authentication once the registry asks for it (a {@code 401} with {@code
 * WWW-Authenticate: Basic}): the request is sent again with them, and every later request carries them. A registry
 * that asks for a bearer token (the Docker registry token flow, {@code WWW-Authenticate: Bearer realm=...}) gets one
 * from its token server ({@link RegistryToken}), with the credentials when there are some, anonymously otherwise.
 */
public final class RegistryClient {
  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** OCI image index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** Docker image manifest v2 schema 2. */
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  /** Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

  /** How many {@code HEAD}s {@link #blobSizes} keeps in flight at once. */
  static final int PARALLEL_HEADS = 8;

  private static final String ACCEPT = String.join(", ", OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a refused token is taken for a refusal rather than an expiry (token servers give minutes). */
  private static final Duration TOKEN_FRESH = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;
  private final Optional<RegistryCredentials> credentials;
  /** The {@code Authorization} header every request carries once the registry asked for one. */
  private volatile String authorization;
  /** Every scope a bearer challenge named so far: the next token is asked for all of them. */
  private final Set<String> scopes = new LinkedHashSet<>();
  /** When the current token was fetched: one refused after {@link #TOKEN_FRESH} may have expired, and is renewed. */
  private volatile long tokenFetched;

  /** A client of the registry whose API is at {@code baseUrl} (e.g. {@code http://localhost:5000}), anonymous. */
  public RegistryClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, Optional.empty());
  }

  /** A client that authenticates with {@code credentials} when the registry asks for it. */
  public RegistryClient(String baseUrl, Duration timeout, Optional<RegistryCredentials> credentials) {
    this.credentials = credentials;
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  public String baseUrl() {
    return base.toString();
  }

  /** Checks that the registry answers the API ({@code GET /v2/}). */
  public void ping() {
    HttpResponse<String> response = send(request("/v2/").GET(), HttpResponse.BodyHandlers.ofString());
    expect(response, "GET", 200);
  }

  /**
   * The size of blob {@code digest} in {@code repository} ({@code HEAD}: no bytes move), empty when the repository
   * does not have it.
   */
  public Optional<Long> blobSize(String repository, String digest) {
    return blobSize(send(headBlob(repository, digest), HttpResponse.BodyHandlers.discarding()));
  }

  /**
   * {@link #blobSize} of each of {@code digests}, asked in parallel (at most {@value #PARALLEL_HEADS} at once: on a
   * registry backed by Swift each {@code HEAD} waits for Swift), in the order given.
   */
  public Map<String, Optional<Long>> blobSizes(String repository, List<String> digests) {
    Map<String, Optional<Long>> sizes = new LinkedHashMap<>();
    for (int start = 0; start < digests.size(); start += PARALLEL_HEADS) {
      List<String> batch = digests.subList(start, Math.min(digests.size(), start + PARALLEL_HEADS));
      List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
      List<HttpRequest> requests = new ArrayList<>();
      for (String digest : batch) {
        HttpRequest.Builder builder = headBlob(repository, digest);
        String auth = authorization;
        if (auth != null) {
          builder.setHeader("Authorization", auth);
        }
        HttpRequest request = builder.build();
        requests.add(request);
        answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
      }
      for (int i = 0; i < batch.size(); i++) {
        HttpResponse<Void> response;
        try {
          response = answers.get(i).join();
        } catch (CompletionException e) {
          throw failure(requests.get(i), e.getCause() == null ? e : e.getCause());
        }
        // a 401: the registry asks for credentials first; the one-by-one path answers its challenge
        sizes.put(batch.get(i), response.statusCode() == 401 ? blobSize(repository, batch.get(i)) : blobSize(response));
      }
    }
    return sizes;
  }

  private HttpRequest.Builder headBlob(String repository, String digest) {
    return request("/v2/" + repository + "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody());
  }

  private static Optional<Long> blobSize(HttpResponse<Void> response) {
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "HEAD", 200);
    return Optional.of(response.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  /** The bytes of a small blob (an image config). */
  public byte[] blob(String repository, String digest) {
    HttpResponse<byte[]> response =
        send(request("/v2/" + repository + "/blobs/" + digest).GET(), HttpResponse.BodyHandlers.ofByteArray());
    expect(response, "GET", 200);
    return response.body();
  }

  /**
   * Mounts {@code digest} from {@code fromRepository} into {@code repository} without sending it; false when the
   * registry declined (the blob is not there, or mounts are off). A declined mount leaves an upload session open,
   * which the registry expires on its own.
   */
  public boolean mountBlob(String repository, String digest, String fromRepository) {
    HttpResponse<String> response =
        send(
            request("/v2/" + repository + "/blobs/uploads/?mount=" + encode(digest) + "&from=" + encode(fromRepository))
                .POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 201) {
      return true;
    }
    expect(response, "POST", 202);
    return false;
  }

  /**
   * Uploads {@code size} bytes read from {@code content} as the blob {@code digest} of {@code repository}, in one
   * streamed {@code PUT} (the registry checks the digest). {@code progress} gets the running count of bytes sent.
   * Zero-length blobs are refused before anything is sent: distribution's Swift driver (Magnum's registry) answers
   * them with 500 after a long wait.
   */
  public void uploadBlob(String repository, String digest, long size, InputStream content, LongConsumer progress) {
    if (size == 0) {
      throw new RegistryException(
          "blob " + digest + " of " + repository + " is empty: a registry on Swift cannot store zero-length blobs"
              + " (distribution's Swift driver times out on them); rebuild without the empty layer",
          0,
          null);
    }
    HttpResponse<String> started =
        send(request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    expect(started, "POST", 202);
    String location =
        started.headers().firstValue("Location").orElseThrow(
            () -> new RegistryException("POST " + started.uri() + ": 202 without a Location header", 202, null));
    URI upload = base.resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(upload + separator + "digest=" + encode(digest));
    InputStream counted = new CountingInputStream(content, progress);
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> counted), size);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(put)
                .timeout(timeout.multipliedBy(60))
                .header("Content-Type", "application/octet-stream")
                .PUT(body),
            HttpResponse.BodyHandlers.ofString());
    expect(response, "PUT", 201);
  }

  /** A blob {@link #uploadStreamed} stored: the sha256 and the length of the bytes sent. */
  public record Uploaded(String digest, long size) {}

  /**
   * Uploads everything {@code content} gives, whose length and digest are not known beforehand (a layer compressed on
   * the way), as one blob of {@code repository}: a streamed {@code PATCH} (chunked, memory flat), then a {@code PUT}
   * with the digest computed from the bytes sent, which the registry checks before it stores the blob. When the
   * {@code PATCH} fails (the content's own read error, or the registry's), the upload session is deleted and nothing
   * is stored. {@code progress} gets the running count of bytes sent.
   */
  public Uploaded uploadStreamed(String repository, InputStream content, LongConsumer progress) {
    HttpResponse<String> started =
        send(request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    expect(started, "POST", 202);
    URI session = location(started);
    Sha256Counter sent = new Sha256Counter();
    InputStream counted = new CountingInputStream(sent.reading(content), progress);
    HttpResponse<String> patched;
    try {
      patched =
          send(
              HttpRequest.newBuilder(session)
                  .timeout(timeout.multipliedBy(60))
                  .header("Content-Type", "application/octet-stream")
                  .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> counted)),
              HttpResponse.BodyHandlers.ofString());
      expect(patched, "PATCH", 202);
    } catch (RuntimeException e) {
      cancel(session);
      throw e;
    }
    String digest = sent.sha256Prefixed();
    URI upload = location(patched);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + encode(digest)))
                .timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    expect(response, "PUT", 201);
    return new Uploaded(digest, sent.count());
  }

  private URI location(HttpResponse<String> response) {
    String location =
        response.headers().firstValue("Location").orElseThrow(
            () -> new RegistryException(
                response.request().method() + " " + withoutQuery(response.uri()) + ": " + response.statusCode()
                    + " without a Location header",
                response.statusCode(), null));
    return base.resolve(location);
  }

  /** Deletes an upload session, best effort: the registry expires a forgotten one on its own anyway. */
  private void cancel(URI session) {
    try {
      sendOnce(HttpRequest.newBuilder(session).timeout(timeout).DELETE(), HttpResponse.BodyHandlers.discarding(),
          authorization);
    } catch (RegistryException e) {
      // the upload already failed; that failure is the one to report
    }
  }

  /** Stores {@code manifest} under {@code reference} (a tag or its digest); returns the digest the registry gives. */
  public String putManifest(String repository, String reference, ImageManifest manifest) {
    HttpResponse<String> response =
        send(
            request("/v2/" + repository + "/manifests/" + reference)
                .header("Content-Type", manifest.mediaType())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())),
            HttpResponse.BodyHandlers.ofString());
    expect(response, "PUT", 201);
    return response.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
  }

  /** The manifest at {@code reference} (a tag or a digest), with its exact bytes; empty when there is none. */
  public Optional<ImageManifest> manifest(String repository, String reference) {
    HttpResponse<byte[]> response =
        send(request("/v2/" + repository + "/manifests/" + reference).header("Accept", ACCEPT).GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "GET", 200);
    String mediaType = response.headers().firstValue("Content-Type").orElse(OCI_MANIFEST);
    return Optional.of(ImageManifest.of(response.body(), mediaType));
  }

  /**
   * Whether the registry holds a manifest at {@code reference} (a tag or a digest) of {@code repository}: a
   * {@code HEAD}, nothing is read. False when the repository or the reference does not exist.
   */
  public boolean hasManifest(String repository, String reference) {
    HttpResponse<Void> response =
        send(request("/v2/" + repository + "/manifests/" + reference).header("Accept", ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() == 404) {
      return false;
    }
    expect(response, "HEAD", 200);
    return true;
  }

  /** The repository's tags, empty when the repository does not exist. */
  public List<String> tags(String repository) {
    HttpResponse<String> response =
        send(request("/v2/" + repository + "/tags/list").GET(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return List.of();
    }
    expect(response, "GET", 200);
    List<String> tags = new ArrayList<>();
    try {
      JSON.readTree(response.body()).path("tags").forEach(tag -> tags.add(tag.asText()));
    } catch (IOException e) {
      throw new RegistryException("GET " + response.uri() + ": not JSON: " + e.getMessage(), 200, e);
    }
    return tags;
  }

  /** What a manifest deletion came to. */
  public enum Deletion {
    DELETED,
    NOT_FOUND,
    /** The registry does not delete this way (deletes disabled, or tags not deletable by name). */
    UNSUPPORTED
  }

  /** Deletes the manifest at {@code reference} (a digest; a tag where the registry allows it). */
  public Deletion deleteManifest(String repository, String reference) {
    HttpResponse<String> response =
        send(request("/v2/" + repository + "/manifests/" + reference).DELETE(), HttpResponse.BodyHandlers.ofString());
    return switch (response.statusCode()) {
      case 202, 200 -> Deletion.DELETED;
      case 404 -> Deletion.NOT_FOUND;
      case 400, 405 -> Deletion.UNSUPPORTED;
      default -> {
        expect(response, "DELETE", 202);
        yield Deletion.DELETED;
      }
    };
  }

  /** The manifest's JSON, empty when it is not JSON. */
  public static Optional<JsonNode> json(ImageManifest manifest) {
    try {
      return Optional.of(JSON.readTree(manifest.bytes()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) {
    String sentWith = authorization;
    HttpResponse<T> response = sendOnce(builder, handler, sentWith);
    if (response.statusCode() != 401) {
      return response;
    }
    String header = response.headers().firstValue("WWW-Authenticate").orElse("");
    String scheme = header.isBlank() ? "(no WWW-Authenticate header)" : header.split("\\s+", 2)[0];
    Optional<BearerChallenge> bearer = BearerChallenge.parse(header);
    if (bearer.isPresent()) {
      return withToken(bearer.get(), sentWith, builder, handler);
    }
    if (credentials.isEmpty()) {
      throw new RegistryException(
          "registry " + base + " asks for authentication (" + scheme + "): give --registry-username-env and"
              + " --registry-password-env",
          401, null);
    }
    if (!"Basic".equalsIgnoreCase(scheme)) {
      throw new RegistryException(
          "registry " + base + " asks for " + scheme + " authentication: Lanes speaks HTTP Basic and bearer tokens"
              + " (the Docker registry token flow) only",
          401, null);
    }
    if (credentials.get().basic().equals(sentWith)) {
      throw new RegistryException(
          "registry " + base + " refused the credentials of user " + credentials.get().username()
              + " (401): check the registry secret",
          401, null);
    }
    authorization = credentials.get().basic();
    return send(builder, handler);
  }

  /**
   * Answers a bearer challenge: a token from its realm for every scope this client was asked for so far (so one token
   * serves a push's repository and the repository it mounts from), then the request again. A token that already
   * covered the scopes and was refused is the registry saying no: one line, naming the user and the scope.
   */
  private <T> HttpResponse<T> withToken(
      BearerChallenge challenge, String sentWith, HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) {
    synchronized (scopes) {
      // Requests run in parallel (a push's HEADs, its config beside its layers): when another one already renewed the
      // token since this one was sent, this one is simply sent again with it.
      if (Objects.equals(authorization, sentWith)) {
        boolean covered = scopes.containsAll(challenge.scopes());
        scopes.addAll(challenge.scopes());
        boolean fresh = System.nanoTime() - tokenFetched < TOKEN_FRESH.toNanos();
        if (covered && fresh && sentWith != null && sentWith.startsWith("Bearer ")) {
          throw refusedToken(challenge);
        }
        authorization = "Bearer " + RegistryToken.fetch(http, timeout, challenge, List.copyOf(scopes), credentials, base);
        tokenFetched = System.nanoTime();
      }
    }
    return send(builder, handler);
  }

  /** A token that covered what the request needed, refused: the registry's no, in one line. */
  private RegistryException refusedToken(BearerChallenge challenge) {
    if (credentials.isEmpty()) {
      return new RegistryException(
          "registry " + base + " asks for authentication (Bearer): give --registry-username-env and"
              + " --registry-password-env",
          401, null);
    }
    return new RegistryException(
        "registry " + base + " does not grant user " + credentials.get().username() + " "
            + String.join(" ", challenge.scopes()) + challenge.error().map(e -> " (" + e + ")").orElse("")
            + ": the credentials are another platform's, or lack that right",
        401, null);
  }

  private <T> HttpResponse<T> sendOnce(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler, String auth) {
    if (auth != null) {
      builder.setHeader("Authorization", auth);
    }
    HttpRequest request = builder.build();
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw failure(request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("registry " + base + ": interrupted", 0, e);
    }
  }

  private RegistryException failure(HttpRequest request, Throwable e) {
    if (e instanceof java.net.ConnectException) {
      return new RegistryException("registry " + base + " unreachable: connection refused", 0, e);
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return new RegistryException(
          "registry " + base + ": no answer to " + request.method() + " " + request.uri().getPath() + " within "
              + timeout.toSeconds() + " s",
          0,
          e);
    }
    return new RegistryException(
        "registry " + base + " unreachable: " + (e.getMessage() == null ? e.toString() : e.getMessage()), 0, e);
  }

  private static void expect(HttpResponse<?> response, String method, int status) {
    if (response.statusCode() == status) {
      return;
    }
    String body =
        response.body() instanceof String text
            ? text
            : response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
    body = body.strip().replaceAll("\\s+", " ");
    if (body.length() > 300) {
      body = body.substring(0, 300) + "...";
    }
    throw new RegistryException(
        method + " " + withoutQuery(response.uri()) + ": HTTP " + response.statusCode()
            + (body.isEmpty() ? "" : " " + body),
        response.statusCode(),
        null);
  }

  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Counts the bytes read, and does not close what it wraps (the publisher closes it at the end). */
  private static final class CountingInputStream extends FilterInputStream {
    private final LongConsumer progress;
    private long count;

    CountingInputStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        progress.accept(++count);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
        progress.accept(count);
      }
      return n;
    }

    @Override
    public void close() {
      // the caller owns the stream
    }
  }
}
