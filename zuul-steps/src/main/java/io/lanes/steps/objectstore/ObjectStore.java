package io.lanes.steps.objectstore;

import io.lanes.steps.StepException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/**
 * A thin layer over AWS SDK v2's sync S3 client for one bucket on an S3-compatible endpoint (Ceph's object gateway,
 * Swift's s3api). Every S3 failure becomes one {@link StepException} naming the endpoint, bucket or key; the
 * credentials never appear in a message.
 */
public final class ObjectStore implements AutoCloseable {
  /** The region sent to the endpoint; Ceph RGW and Swift's s3api accept any and use their own. */
  public static final String REGION = "us-east-1";

  /** How long an upload may make no progress before it fails, unless {@link #open(String, String, S3Credentials, Duration)} says. */
  public static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);

  private final S3Client client;
  private final AbortableHttpClient http;
  private final String endpoint;
  private final String bucket;
  private final Duration stallTimeout;
  private Retention retention;

  /**
   * S3 Object Lock retention every object written from now on gets.
   *
   * @param mode {@code compliance} or {@code governance}
   * @param until the date before which no one can delete or overwrite the stored version
   */
  public record Retention(String mode, Instant until) {
    ObjectLockMode lockMode() {
      return ObjectLockMode.fromValue(mode.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private ObjectStore(S3Client client, AbortableHttpClient http, String endpoint, String bucket, Duration stallTimeout) {
    this.client = client;
    this.http = http;
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.stallTimeout = stallTimeout;
  }

  /**
   * A store for {@code bucket} at {@code endpoint}: path-style addressing, no aws-chunked encoding, Content-MD5 on
   * multi-object deletes and checksums only where required, which Ceph RGW and Swift's s3api need; uploads stall
   * after {@link #STALL_TIMEOUT}.
   */
  public static ObjectStore open(String endpoint, String bucket, S3Credentials credentials) {
    return open(endpoint, bucket, credentials, STALL_TIMEOUT);
  }

  /**
   * A store whose uploads fail after {@code stallTimeout} without progress: a part's body that stops moving ({@link
   * Stall}, watched by {@link MultipartUploadStream}), and the upload's small requests (start, complete, abort, a whole
   * object's put) through the SDK's own call timeout. A read that gets no byte times out a minute later than that
   * (the SDK's socket timeout), so the stall, with its message, comes first.
   */
  public static ObjectStore open(String endpoint, String bucket, S3Credentials credentials, Duration stallTimeout) {
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stall timeout must be positive: " + stallTimeout);
    }
    AbortableHttpClient http =
        new AbortableHttpClient(
            ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(stallTimeout.plusMinutes(1))
                .build());
    S3Client client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(credentials.accessKey(), credentials.secretKey())))
            .forcePathStyle(true)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .addPlugin(LegacyMd5Plugin.create())
            .httpClient(http)
            .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(3)))
            .build();
    return new ObjectStore(client, http, endpoint, bucket, stallTimeout);
  }

  /** The endpoint and bucket, for messages: {@code s3://bucket at http://host:port}. */
  public String where() {
    return "s3://" + bucket + " at " + endpoint;
  }

  /** The bucket's name. */
  public String bucket() {
    return bucket;
  }

  /** How long an upload may make no progress. */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /** Fails with a clear message unless the bucket exists and the credentials may use it. */
  public void checkAccess() {
    call("check bucket " + bucket, () -> client.headBucket(b -> b.bucket(bucket)));
  }

  /**
   * Checks that the bucket exists and the credentials may list under {@code prefix}: a credential scoped to its
   * platform's prefix by a bucket policy may not {@code HEAD} the bucket itself.
   */
  public void checkAccess(String prefix) {
    call("check bucket " + bucket, () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)));
  }

  /** Sets the bucket's policy (JSON), replacing any: the bucket owner's credentials are needed. */
  public void putBucketPolicy(String json) {
    call("set the policy of bucket " + bucket, () -> client.putBucketPolicy(b -> b.bucket(bucket).policy(json)));
  }

  /** Creates the bucket unless it exists (for tests and first-time set-up). */
  public void createBucketIfMissing() {
    createBucketIfMissing(false);
  }

  /**
   * Creates the bucket unless it exists, with S3 Object Lock enabled when {@code objectLock} (which only a bucket's
   * creation can do; it turns versioning on).
   */
  public void createBucketIfMissing(boolean objectLock) {
    try {
      client.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw translate("check bucket " + bucket, e);
      }
      call("create bucket " + bucket, () -> client.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(objectLock)));
    } catch (SdkException e) {
      throw translate("check bucket " + bucket, e);
    }
  }

  /** Whether the bucket has S3 Object Lock enabled. */
  public boolean objectLockEnabled() {
    try {
      return client.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration() != null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw translate("read the object lock configuration of bucket " + bucket, e);
    } catch (SdkException e) {
      throw translate("read the object lock configuration of bucket " + bucket, e);
    }
  }

  /** Every object written through this store from now on is locked with {@code retention}. */
  public void retainWrites(Retention retention) {
    this.retention = retention;
  }

  /**
   * Writes a small object whole (locked, after {@link #retainWrites}); fails naming it when the call, retries
   * included, takes longer than the stall timeout.
   */
  public void put(String key, byte[] content, String contentType) {
    call(
        "put " + key,
        () -> client.putObject(b -> {
              b.bucket(bucket).key(key).contentType(contentType).overrideConfiguration(o -> o.apiCallTimeout(stallTimeout));
              if (retention != null) {
                b.objectLockMode(retention.lockMode()).objectLockRetainUntilDate(retention.until());
              }
            }, RequestBody.fromBytes(content)));
  }

  /** Starts a streaming multipart upload to {@code key} (locked, after {@link #retainWrites}); see {@link MultipartUploadStream}. */
  public MultipartUploadStream upload(String key) {
    String uploadId =
        call("start upload of " + key, () -> client.createMultipartUpload(b -> {
              b.bucket(bucket).key(key).overrideConfiguration(o -> o.apiCallTimeout(stallTimeout));
              if (retention != null) {
                b.objectLockMode(retention.lockMode()).objectLockRetainUntilDate(retention.until());
              }
            }))
            .uploadId();
    return new MultipartUploadStream(this, client, http, bucket, key, uploadId, stallTimeout);
  }

  /**
   * Locks the version a multipart upload just completed, after {@link #retainWrites}: Ceph RGW 16.2 accepts the lock
   * headers on CreateMultipartUpload but does not keep them (GetObjectRetention of the completed object: 404
   * ObjectLockConfigurationNotFoundError), so the retention is put on the version explicitly.
   */
  void retainCompleted(String key, String versionId) {
    if (retention == null) {
      return;
    }
    call(
        "lock " + key,
        () ->
            client.putObjectRetention(
                b -> b.bucket(bucket).key(key).versionId(versionId)
                    .retention(r -> r.mode(ObjectLockRetentionMode.fromValue(retention.lockMode().toString()))
                        .retainUntilDate(retention.until()))));
  }

  /** The object's bytes as a stream; empty-handed callers must close it. */
  public InputStream open(String key) {
    try {
      return client.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw StepException.failure("object " + key + " is missing from " + where(), e);
    } catch (SdkException e) {
      throw translate("get " + key, e);
    }
  }

  /**
   * Whether {@code key} exists, found by listing (a credential scoped to a prefix by a bucket policy gets 403, not
   * 404, when it reads a key that does not exist).
   */
  public boolean exists(String key) {
    return call(
        "list " + key,
        () -> client.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).contents().stream()
            .anyMatch(o -> o.key().equals(key)));
  }

  /** The object's text, or {@code null} when there is no such key. */
  public String readText(String key) {
    try {
      return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw translate("get " + key, e);
    }
  }

  /** The "folders" directly under {@code prefix} (which ends with '/'), each ending with '/'. */
  public List<String> folders(String prefix) {
    List<String> folders = new ArrayList<>();
    ListObjectsV2Iterable pages =
        call("list " + prefix, () -> client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/")));
    call(
        "list " + prefix,
        () -> {
          pages.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(folders::add);
          return null;
        });
    return folders;
  }

  /** Every object under {@code prefix}, with its size. */
  public List<StoredObject> objects(String prefix) {
    List<StoredObject> objects = new ArrayList<>();
    call(
        "list " + prefix,
        () -> {
          for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            objects.add(new StoredObject(object.key(), object.size()));
          }
          return null;
        });
    return objects;
  }

  /** Deletes every object under {@code prefix}; returns how many. */
  public int deleteAll(String prefix) {
    List<StoredObject> objects = objects(prefix);
    for (int from = 0; from < objects.size(); from += 1000) {
      List<ObjectIdentifier> batch =
          objects.subList(from, Math.min(objects.size(), from + 1000)).stream()
              .map(o -> ObjectIdentifier.builder().key(o.key()).build())
              .toList();
      deleteBatch(prefix, batch);
    }
    return objects.size();
  }

  /**
   * Deletes every version and delete marker under {@code prefix} of a versioned bucket (one with object lock), which
   * frees the space; fails naming the first version the server refuses to delete (a lock not yet expired). Returns how
   * many versions and markers were deleted.
   */
  public int deleteAllVersions(String prefix) {
    List<ObjectIdentifier> versions = new ArrayList<>();
    call(
        "list versions under " + prefix,
        () -> {
          for (var page : client.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
            page.versions().forEach(v -> versions.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> versions.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
          }
          return null;
        });
    for (int from = 0; from < versions.size(); from += 1000) {
      deleteBatch(prefix, versions.subList(from, Math.min(versions.size(), from + 1000)));
    }
    return versions.size();
  }

  /**
   * The S3 Object Lock retain-until date of the newest version under {@code prefix} (by the server's write time):
   * when the versions there are written in order with growing retention dates, as the binlog shipper writes them,
   * the date after which all of them can be deleted. Empty when there is no version or it has no retention.
   */
  public Optional<Instant> retainedUntil(String prefix) {
    software.amazon.awssdk.services.s3.model.ObjectVersion newest = call(
        "list versions under " + prefix,
        () -> {
          software.amazon.awssdk.services.s3.model.ObjectVersion found = null;
          for (var page : client.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
            for (var version : page.versions()) {
              if (found == null || version.lastModified().isAfter(found.lastModified())) {
                found = version;
              }
            }
          }
          return found;
        });
    if (newest == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(client.getObjectRetention(
          b -> b.bucket(bucket).key(newest.key()).versionId(newest.versionId())).retention())
          .map(r -> r.retainUntilDate());
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 400) {
        return Optional.empty();
      }
      throw translate("get the retention of " + newest.key(), e);
    } catch (SdkException e) {
      throw translate("get the retention of " + newest.key(), e);
    }
  }

  /**
   * Deletes the noncurrent versions of {@code key} (what its rewrites left in a versioned bucket) whose S3 Object Lock
   * retention has passed at {@code now}, or that have none: oldest first, up to the first one still locked (a key
   * rewritten with locks from the time of each write is locked longer with each version). Returns how many.
   */
  public int deleteExpiredNoncurrentVersions(String key, Instant now) {
    List<software.amazon.awssdk.services.s3.model.ObjectVersion> noncurrent = new ArrayList<>();
    call(
        "list versions of " + key,
        () -> {
          for (var page : client.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key))) {
            page.versions().stream().filter(v -> v.key().equals(key) && !Boolean.TRUE.equals(v.isLatest()))
                .forEach(noncurrent::add);
          }
          return null;
        });
    noncurrent.sort(java.util.Comparator.comparing(software.amazon.awssdk.services.s3.model.ObjectVersion::lastModified));
    List<ObjectIdentifier> expired = new ArrayList<>();
    for (var version : noncurrent) {
      Optional<Instant> until;
      try {
        until = Optional.ofNullable(client.getObjectRetention(
            b -> b.bucket(bucket).key(key).versionId(version.versionId())).retention()).map(r -> r.retainUntilDate());
      } catch (S3Exception e) {
        if (e.statusCode() != 404 && e.statusCode() != 400) {
          throw translate("get the retention of " + key, e);
        }
        until = Optional.empty();
      } catch (SdkException e) {
        throw translate("get the retention of " + key, e);
      }
      if (until.isPresent() && now.isBefore(until.get())) {
        break;
      }
      expired.add(ObjectIdentifier.builder().key(key).versionId(version.versionId()).build());
    }
    for (int from = 0; from < expired.size(); from += 1000) {
      deleteBatch(key, expired.subList(from, Math.min(expired.size(), from + 1000)));
    }
    return expired.size();
  }

  /** One DeleteObjects request; a key the server refused (reported in the 200 response) fails it, naming the key. */
  private void deleteBatch(String prefix, List<ObjectIdentifier> batch) {
    DeleteObjectsResponse response =
        call(
            "delete under " + prefix,
            () ->
                client.deleteObjects(
                    DeleteObjectsRequest.builder()
                        .bucket(bucket)
                        .delete(Delete.builder().objects(batch).quiet(true).build())
                        .build()));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      S3Error first = response.errors().get(0);
      throw StepException.failure(
          "delete under " + prefix + " on " + where() + ": " + response.errors().size() + " of " + batch.size()
              + " refused, first " + first.key() + (first.versionId() == null ? "" : " version " + first.versionId())
              + ": " + first.code() + (first.message() == null ? "" : " (" + first.message() + ")"),
          null);
    }
  }

  /**
   * Aborts the multipart uploads under {@code prefix} whose key {@code abort} accepts; returns their keys. Decide by
   * key, not by the upload's initiation time: that is the server's clock, and Swift rounds it up to the next second.
   */
  public List<String> abortUploads(String prefix, Predicate<String> abort) {
    List<String> aborted = new ArrayList<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    while (true) {
      ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix);
      if (keyMarker != null) {
        request.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
      }
      ListMultipartUploadsResponse page = call("list uploads under " + prefix, () -> client.listMultipartUploads(request.build()));
      for (MultipartUpload upload : page.uploads()) {
        if (abort.test(upload.key())) {
          call(
              "abort upload of " + upload.key(),
              () ->
                  client.abortMultipartUpload(
                      AbortMultipartUploadRequest.builder()
                          .bucket(bucket)
                          .key(upload.key())
                          .uploadId(upload.uploadId())
                          .build()));
          aborted.add(upload.key());
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return aborted;
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    }
  }

  /** Runs one S3 call, turning its failure into one clear error. */
  <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (SdkException e) {
      throw translate(what, e);
    }
  }

  StepException translate(String what, SdkException e) {
    String prefix = what + " on " + where() + ": ";
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || s3.statusCode() == 403) {
        return StepException.configuration(
            prefix + "access denied (" + (code == null ? "HTTP 403" : code) + "): check the S3 credentials", e);
      }
      if ("NoSuchBucket".equals(code) || (s3.statusCode() == 404 && what.startsWith("check bucket"))) {
        return StepException.configuration(prefix + "bucket " + bucket + " does not exist", e);
      }
      return StepException.failure(
          prefix + "HTTP " + s3.statusCode() + (code == null ? "" : " " + code), e);
    }
    if (e instanceof ApiCallTimeoutException) {
      return StepException.failure(
          prefix + "no answer within " + stallTimeout.toSeconds() + " s (the stall timeout; is the endpoint's storage full?)", e);
    }
    if (e instanceof SdkClientException && hasCause(e, ConnectException.class, UnknownHostException.class)) {
      return StepException.failure(prefix + "cannot connect (is the endpoint up and reachable?)", e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return StepException.failure(prefix + message, e);
  }

  private static boolean hasCause(Throwable e, Class<?>... types) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      for (Class<?> type : types) {
        if (type.isInstance(cause)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    client.close();
    http.close(); // given to the SDK built, so not closed by it
  }

  /** One stored object: its key and size in bytes. */
  public record StoredObject(String key, long size) {}
}
