package io.lanes.steps.backup;

import io.lanes.core.config.Backup;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which platform's backups, from the platform map, and the S3 credentials to reach them. */
public final class BackupOptions {
  @Mixin PlatformMapOptions platformMap;

  @Option(names = "--platform", required = true, paramLabel = "NAME", description = "The platform, as named in the platform map.")
  String platform;

  @Option(
      names = "--s3-access-key-env",
      paramLabel = "VAR",
      defaultValue = "AWS_ACCESS_KEY_ID",
      description = "The environment variable holding the S3 access key (default: ${DEFAULT-VALUE}).")
  String accessKeyVariable;

  @Option(
      names = "--s3-secret-key-env",
      paramLabel = "VAR",
      defaultValue = "AWS_SECRET_ACCESS_KEY",
      description = "The environment variable holding the S3 secret key (default: ${DEFAULT-VALUE}).")
  String secretKeyVariable;

  /** The platform and its backup section, or a configuration error naming what is missing. */
  Resolved resolve() {
    PlatformMap map = platformMap.load();
    Platform found =
        map.platform(platform)
            .orElseThrow(
                () ->
                    StepException.configuration(
                        "platform " + platform + " is not in the platform map (known platforms: " + map.platformNames()
                            + ")"));
    Backup backup =
        map.target(found)
            .backup()
            .orElseThrow(
                () ->
                    StepException.configuration(
                        "platform " + platform + " has no backup (set platform." + platform
                            + ".backup to a [backup] section)"));
    return new Resolved(found, backup);
  }

  /** Opens the platform's bucket with the credentials from the environment. */
  ObjectStore open(Backup backup, Map<String, String> environment) {
    S3Credentials credentials = S3Credentials.fromEnvironment(environment, accessKeyVariable, secretKeyVariable);
    ObjectStore store = ObjectStore.open(backup.endpoint(), backup.bucket(), credentials);
    try {
      store.checkAccess();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** A platform and its backup section. */
  record Resolved(Platform platform, Backup backup) {}
}
