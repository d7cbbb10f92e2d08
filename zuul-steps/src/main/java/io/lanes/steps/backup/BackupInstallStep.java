package io.lanes.steps.backup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.PlatformMap;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.backup.job.BackupInstaller;
import io.lanes.steps.backup.job.BackupJobOptions;
import io.lanes.steps.backup.job.BucketPolicy;
import io.lanes.steps.kube.KubeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zuul-steps backup install}: renders the platform's backup CronJob (and the ConfigMap with the platform map
 * it reads) and, given a cluster, applies them server-side in the platform's namespace; without one it prints them
 * as YAML. Idempotent: a second install with the same inputs writes nothing.
 */
@Command(
    name = "install",
    description = "Apply the platform's backup CronJob and its ConfigMap (given --kubeconfig or --in-cluster), or"
        + " print them as YAML.")
public final class BackupInstallStep implements Callable<Integer> {

  private final StepContext context;

  @Mixin BackupTarget backup;

  @Spec CommandSpec spec;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "The image with zuul-steps and the MySQL client tools (default: <registry>/<platform>/"
          + BackupJobOptions.IMAGE_NAME + ":latest-<platform>, as render and deploy use).")
  String image;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the YAML here instead of stdout.")
  Path output;

  @Option(
      names = "--bucket-policy",
      paramLabel = "FILE",
      description = "Also write the S3 bucket policy that scopes each platform's backup credential (S3 user "
          + BucketPolicy.USER_PREFIX + "<platform>) to its own prefix of this bucket, for the bucket owner to apply.")
  Path bucketPolicy;

  @Mixin KubeOptions kube;

  @Mixin CommonOptions common;

  /**
   * The encryption flags of the other backup steps, refused while parsing (so that a document or script giving
   * them fails at once, and a docs test parsing them too), with the reason; hidden from the usage.
   */
  @Option(
      names = {"--encryption-key-file", "--encryption-key-env", "--encryption-recipient", "--encryption-recipients-file",
          "--encryption-recipients-env"},
      hidden = true,
      paramLabel = "VALUE")
  void refuseEncryptionKey(String ignored) {
    throw new ParameterException(
        spec.commandLine(),
        "backup install: the job's age recipients are in the Secret's key the platform map's backup.<name>."
            + LanesConfig.KEY_ENCRYPTION_KEY_ENV + " names, not a flag");
  }

  BackupInstallStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BackupTarget.Resolved resolved = backup.resolve();
    PlatformMap map = backup.selection.select().map();
    List<HasMetadata> objects =
        BackupInstallation.objects(
            map, resolved.platform(), resolved.backup(), backup.selection.mapText(),
            image != null ? image : BackupJobOptions.defaultImage(resolved.platform()));
    if (bucketPolicy != null) {
      BackupInstallation.writeBucketPolicy(bucketPolicy, map, resolved.backup(), context.err());
    }
    Optional<KubernetesClient> cluster = kube.connect(context.environment());
    if (cluster.isPresent()) {
      if (output != null) {
        throw StepException.configuration("give --output (print the YAML) or a cluster to apply to, not both");
      }
      try (KubernetesClient client = cluster.get()) {
        List<BackupInstaller.Change> changes = new BackupInstaller(client).apply(objects);
        Map<String, Object> result =
            BackupInstallReport.applied(resolved.platform(), changes, client.getMasterUrl().toString(), context.err());
        ResultFile.write(common.result, Map.of("backup_install", result), Map.of());
        return ExitCodes.OK;
      }
    }
    BackupInstallation.writeYaml(objects, output, context.out());
    ResultFile.write(
        common.result, Map.of("backup_install", BackupInstallReport.rendered(resolved.platform(), objects, context.err())),
        Map.of());
    return ExitCodes.OK;
  }
}
