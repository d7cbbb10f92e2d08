package io.lanes.steps.openstack;

import io.lanes.steps.StepContext;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which OpenStack credentials a step uses: a cloud of {@code clouds.yaml}, or the {@code OS_*} environment
 * ({@link CloudCredentialsReader}). No flag takes a secret value.
 */
public final class CloudSelection {
  @Option(
      names = {"--cloud", "--os-cloud"},
      paramLabel = "NAME",
      description = "The cloud of clouds.yaml to use (default: OS_CLOUD; without either, the OS_* environment).")
  String cloud;

  @Option(
      names = "--clouds-file",
      paramLabel = "FILE",
      description = "The clouds.yaml file (default: OS_CLIENT_CONFIG_FILE, else ./clouds.yaml, "
          + "~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).")
  Path cloudsFile;

  /** The selected credentials, or a configuration error naming the file, cloud or variable that is missing. */
  public CloudCredentials read(StepContext context) {
    return new CloudCredentialsReader(context.environment(), Path.of("").toAbsolutePath())
        .read(Optional.ofNullable(cloud), Optional.ofNullable(cloudsFile));
  }
}
