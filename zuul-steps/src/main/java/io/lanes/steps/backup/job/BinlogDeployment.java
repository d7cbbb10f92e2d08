package io.lanes.steps.backup.job;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.lanes.core.config.Backup;
import io.lanes.core.config.LanesConfig;
import io.lanes.core.config.Platform;
import io.lanes.core.naming.LaneNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment that ships a platform's MySQL binary log ({@code zuul-steps backup binlogs}), rendered purely beside
 * the backup CronJob, with the same image, Secret and platform map. One replica, replaced with {@code Recreate}: two
 * shippers at once would make the server drop one (both connect as the same replica).
 */
public final class BinlogDeployment {
  /** The label value of {@code app.kubernetes.io/component} on the Deployment. */
  public static final String COMPONENT = "binlogs";

  static final String WORK_DIR = "/var/lib/lanes-binlogs";

  private BinlogDeployment() {}

  /** The Deployment's name: {@code lanes-binlogs-<platform>}. */
  public static String name(Platform platform) {
    return "lanes-binlogs-" + platform.name();
  }

  /** The Deployment; {@code configMap} is the backup's ConfigMap holding the platform map. */
  static Deployment render(Platform platform, Backup backup, String image, String configMap) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY);
    labels.put(LaneNames.LABEL_PLATFORM, platform.name());
    labels.put("app.kubernetes.io/component", COMPONENT);
    List<String> args = new ArrayList<>(List.of(
        "backup", "binlogs", "--config", BackupCronJob.CONFIG_DIR + "/" + LanesConfig.FILE_NAME,
        "--platform", platform.name(), "--mysql-host", backup.mysqlHost(),
        "--mysql-port", Integer.toString(backup.mysqlPort()), "--interval", Integer.toString(backup.binlogSeconds()),
        "--work-dir", WORK_DIR));
    backup.encryptionKeyEnv().ifPresent(variable -> args.addAll(List.of("--encryption-recipients-env", variable)));
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(platform))
        .withNamespace(platform.namespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addToContainers(BackupCronJob.container(image, args, backup, "100m", "192Mi")
            .addNewVolumeMount()
            .withName("binlogs")
            .withMountPath(WORK_DIR)
            .endVolumeMount()
            .build())
        .addToVolumes(BackupCronJob.platformMapVolume(configMap))
        .addNewVolume()
        .withName("binlogs")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
