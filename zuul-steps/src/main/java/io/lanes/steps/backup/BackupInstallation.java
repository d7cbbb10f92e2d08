package io.lanes.steps.backup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.lanes.core.config.Backup;
import io.lanes.core.config.BackupIsolation;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.job.BackupCronJob;
import io.lanes.steps.backup.job.BucketPolicy;
import io.lanes.steps.kube.KubeYaml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code backup install} makes of a platform's backup section: its CronJob and ConfigMap (refused when another
 * platform's job shares its credential), the bucket's policy, and the YAML printed when no cluster is given.
 */
final class BackupInstallation {
  private BackupInstallation() {}

  /** The platform's backup objects, or a configuration error listing every credential another platform shares. */
  static List<HasMetadata> objects(PlatformMap map, Platform platform, Backup backup, String mapText, String image) {
    List<String> shared = BackupIsolation.sharedCredentials(map, platform.name());
    if (!shared.isEmpty()) {
      throw StepException.configuration(
          "backup install: refusing to install a backup job whose credential another platform's job shares:\n"
              + String.join("\n", shared));
    }
    return BackupCronJob.render(platform, backup, mapText, image);
  }

  /** Writes the policy of the backup's bucket to {@code file}, for the bucket's owner to apply. */
  static void writeBucketPolicy(Path file, PlatformMap map, Backup backup, PrintWriter err) {
    try {
      Files.writeString(file, BucketPolicy.render(map, backup));
    } catch (IOException e) {
      throw StepException.configuration("cannot write " + file + ": " + e.getMessage(), e);
    }
    err.printf(
        "backup install: wrote the policy of bucket %s to %s: apply it as the bucket's owner (see docs/steps/backup.md)%n",
        backup.bucket(), file);
  }

  /** Prints the objects as YAML documents to {@code out}, or writes them to {@code output} when given. */
  static void writeYaml(List<HasMetadata> objects, Path output, PrintWriter out) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append(KubeYaml.document(object));
    }
    if (output == null) {
      out.print(yaml);
      return;
    }
    try {
      Files.writeString(output, yaml);
    } catch (IOException e) {
      throw StepException.configuration("cannot write " + output + ": " + e.getMessage(), e);
    }
  }
}
