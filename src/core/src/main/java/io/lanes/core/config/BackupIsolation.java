package io.lanes.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Backups of different platforms must not share a credential. Every platform's backups live under its own prefix
 * {@code <platform>/} of the bucket; a credential that two platforms' backup jobs hold for the same bucket can read
 * and delete both platforms' backups, so a namespace taken over reaches the other platform's data. The map cannot
 * see the keys in the Secrets; it refuses what says "one credential for both": two platforms whose backups name the
 * same endpoint, bucket and credential Secret. Pure; {@code zuul-steps check-config} and {@code backup install}
 * refuse a map with such a pair.
 */
public final class BackupIsolation {
  private BackupIsolation() {}

  /**
   * One line per platform that shares its backup credential with an earlier one, naming its key, the other platform,
   * the bucket and the Secret: {@code platform.globex.backup: ...}.
   */
  public static List<String> sharedCredentials(PlatformMap map) {
    return shared(map, null);
  }

  /** {@link #sharedCredentials}' lines about {@code platform}: those naming it as either of a pair. */
  public static List<String> sharedCredentials(PlatformMap map, String platform) {
    return shared(map, platform);
  }

  private static List<String> shared(PlatformMap map, String only) {
    List<String> problems = new ArrayList<>();
    Map<Scope, String> first = new LinkedHashMap<>();
    for (Platform platform : map.platforms().values()) {
      if (platform.backup().isEmpty()) {
        continue;
      }
      Backup backup = map.backups().get(platform.backup().get());
      if (backup == null) {
        continue;
      }
      Scope scope = new Scope(backup.endpoint(), backup.bucket(), backup.credentialSecret());
      String other = first.putIfAbsent(scope, platform.name());
      if (other != null && (only == null || only.equals(other) || only.equals(platform.name()))) {
        String otherBackup = map.platforms().get(other).backup().orElse("");
        problems.add(
            LanesConfig.SECTION_PLATFORM + "." + platform.name() + "." + LanesConfig.KEY_BACKUP + ": platforms "
                + other + " and " + platform.name() + " back up to bucket " + backup.bucket() + " at "
                + backup.endpoint() + " with the same credential Secret " + backup.credentialSecret() + " ("
                + (Objects.equals(otherBackup, backup.name())
                    ? "both use backup." + backup.name()
                    : "backup." + otherBackup + " and backup." + backup.name())
                + "): each platform's backups need their own credential, scoped to " + backup.bucket() + "/<platform>/;"
                + " give " + platform.name() + " a [backup] section with its own " + LanesConfig.KEY_CREDENTIAL_SECRET);
      }
    }
    return problems;
  }

  private record Scope(String endpoint, String bucket, String credentialSecret) {}
}
