package io.lanes.steps.backup.job;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.lanes.core.config.Backup;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects that run a platform's backups in its namespace, rendered purely: a ConfigMap with the platform map and
 * a CronJob whose container runs {@code zuul-steps backup run}, and, when the map asks for it, the Deployment that ships
 * MySQL's binary log ({@link BinlogDeployment}). Credentials come from the Secret the map names.
 */
public final class BackupCronJob {
  /** The label value of {@code app.kubernetes.io/component} on these objects. */
  public static final String COMPONENT = "backup";

  /**
   * The JVM options of the job's {@code zuul-steps}, in {@code JAVA_TOOL_OPTIONS}: a fixed small heap (the backup
   * streams; its buffers are bounded at ~18 MiB whatever the database's size), the serial collector, C1 for start-up
   * and C2 only for loops hot enough to repay it (the dump's SHA-256, which only C2 runs on the CPU's SHA
   * instructions), as {@code bin/zuul-steps}. {@code bench/backup.sh} runs with the same.
   */
  public static final String JAVA_OPTIONS =
      "-Xmx96m -XX:+UseSerialGC -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=100000"
          + " -XX:Tier4CompileThreshold=100000 -XX:Tier4BackEdgeThreshold=1000000";

  /** Where the platform map is mounted in the job's container. */
  static final String CONFIG_DIR = "/etc/lanes";

  private BackupCronJob() {}


  /** The name of the platform's backup CronJob and ConfigMap. */
  public static String name(Platform platform) {
    return "lanes-backup-" + platform.name();
  }

  /** The ConfigMap and the CronJob, in apply order. */
  public static List<HasMetadata> render(Platform platform, Backup backup, String platformMapText, String image) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY);
    labels.put(LaneNames.LABEL_PLATFORM, platform.name());
    labels.put("app.kubernetes.io/component", COMPONENT);

    ConfigMap config =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(platform))
            .withNamespace(platform.namespace())
            .withLabels(labels)
            .endMetadata()
            .addToData(LanesConfig.FILE_NAME, platformMapText)
            .build();

    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "backup", "run", "--config", CONFIG_DIR + "/" + LanesConfig.FILE_NAME, "--platform", platform.name()));
    if (backup.dumpsMysql()) {
      args.addAll(List.of("--mysql-host", backup.mysqlHost(), "--mysql-port", Integer.toString(backup.mysqlPort())));
    }
    if (backup.dumpsMongodb()) {
      args.addAll(List.of("--mongodb-uri-env", "MONGODB_URI"));
    }
    backup.encryptionKeyEnv().ifPresent(variable -> args.addAll(List.of("--encryption-recipients-env", variable)));

    CronJob cronJob =
        new CronJobBuilder()
            .withNewMetadata()
            .withName(name(platform))
            .withNamespace(platform.namespace())
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withSchedule(backup.schedule())
            .withConcurrencyPolicy("Forbid")
            .withStartingDeadlineSeconds(3600L)
            .withSuccessfulJobsHistoryLimit(3)
            .withFailedJobsHistoryLimit(3)
            .withNewJobTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(1)
            .withActiveDeadlineSeconds(6L * 3600)
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addToContainers(container(image, args, backup, "250m", "256Mi").build())
            .addToVolumes(platformMapVolume(name(platform)))
            .endSpec()
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();
    if (!backup.shipsBinlogs()) {
      return List.of(config, cronJob);
    }
    return List.of(config, cronJob, BinlogDeployment.render(platform, backup, image, name(platform)));
  }

  /**
   * The container of the backup image that runs {@code args} (the CronJob's {@code backup run}, the binlog shipper's
   * {@code backup binlogs}): the platform's S3 credential Secret as its environment, the JVM's options, requests of
   * {@code cpu} and {@code memory} (384Mi at most), the platform map mounted read-only at {@link #CONFIG_DIR}.
   */
  static ContainerBuilder container(String image, List<String> args, Backup backup, String cpu, String memory) {
    return new ContainerBuilder()
        .withName(COMPONENT)
        .withImage(image)
        .withArgs(args)
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName(backup.credentialSecret())
        .endSecretRef()
        .endEnvFrom()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue(JAVA_OPTIONS)
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .addToLimits("memory", new Quantity("384Mi"))
        .endResources()
        .addNewVolumeMount()
        .withName("platform-map")
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount();
  }

  /** The volume of the platform map's ConfigMap {@code configMap}, which {@link #container} mounts. */
  static Volume platformMapVolume(String configMap) {
    return new VolumeBuilder()
        .withName("platform-map")
        .withNewConfigMap()
        .withName(configMap)
        .endConfigMap()
        .build();
  }
}
