package io.lanes.steps.backup.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lanes.core.config.Backup;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The S3 bucket policy that scopes each platform's backup credential to its own prefix {@code <platform>/} of a
 * bucket shared by several platforms (Ceph RGW and AWS S3 read it): one S3 user per platform, {@value #USER_PREFIX}
 * {@code <platform>}, that may list only under its prefix and read, write and delete only its own objects. The bucket
 * stays owned by another user (the bucket owner applies the policy). Pure.
 */
public final class BucketPolicy {
  /** The S3 user of a platform's backups is {@code lanes-backup-<platform>}. */
  public static final String USER_PREFIX = "lanes-backup-";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BucketPolicy() {}

  /** The S3 user (RGW uid) whose credential a platform's backup job holds. */
  public static String user(String platform) {
    return USER_PREFIX + platform;
  }

  /**
   * The policy of {@code backup}'s bucket: a statement pair for every platform of {@code map} whose backup goes to the
   * same endpoint and bucket, so that putting it (which replaces the bucket's policy) keeps every platform working.
   */
  public static String render(PlatformMap map, Backup backup) {
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Platform platform : map.platforms().values()) {
      Backup other = platform.backup().map(map.backups()::get).orElse(null);
      if (other == null
          || !Objects.equals(other.endpoint(), backup.endpoint())
          || !Objects.equals(other.bucket(), backup.bucket())) {
        continue;
      }
      String name = platform.name();
      Map<String, Object> principal = Map.of("AWS", List.of("arn:aws:iam:::user/" + user(name)));
      // Listing only under the platform's own prefix (restore --list, retention, the access check).
      // With object lock (a versioned bucket): listing versions too, for retention to delete expired ones.
      statements.add(statement(
          name + "-list", principal,
          other.locked() ? List.of("s3:ListBucket", "s3:ListBucketVersions") : List.of("s3:ListBucket"),
          List.of("arn:aws:s3:::" + backup.bucket()),
          Map.of("StringLike", Map.of("s3:prefix", List.of(name + "/*")))));
      if (other.locked()) {
        // backup run checks that the bucket has object lock before it writes locked objects
        statements.add(statement(
            name + "-lock", principal, List.of("s3:GetBucketObjectLockConfiguration"),
            List.of("arn:aws:s3:::" + backup.bucket()), null));
      }
      // Listing unfinished uploads, to abort those an earlier run left (RGW does not apply s3:prefix to it): names only.
      statements.add(statement(
          name + "-uploads", principal, List.of("s3:ListBucketMultipartUploads"),
          List.of("arn:aws:s3:::" + backup.bucket()), null));
      statements.add(statement(
          name + "-objects", principal,
          objectActions(other.locked()),
          List.of("arn:aws:s3:::" + backup.bucket() + "/" + name + "/*"), null));
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    try {
      return JSON.writeValueAsString(policy) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a bucket policy", e);
    }
  }

  private static Map<String, Object> statement(
      String sid, Map<String, Object> principal, List<String> actions, List<String> resources, Map<String, Object> condition) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    statement.put("Principal", principal);
    statement.put("Action", actions);
    statement.put("Resource", resources);
    if (condition != null) {
      statement.put("Condition", condition);
    }
    return statement;
  }

  /**
   * What a platform's credential may do to its own objects. With object lock: setting retention on what it writes and
   * deleting versions (which the server refuses until their lock expires), never s3:BypassGovernanceRetention.
   */
  private static List<String> objectActions(boolean locked) {
    List<String> actions = new ArrayList<>(
        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts"));
    if (locked) {
      actions.addAll(List.of("s3:PutObjectRetention", "s3:GetObjectRetention", "s3:DeleteObjectVersion"));
    }
    return actions;
  }
}
