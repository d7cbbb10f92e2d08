package io.lanes.steps.cluster;

import io.lanes.steps.StepContext;
import io.lanes.steps.openstack.CloudCredentials;
import io.lanes.steps.openstack.CloudCredentialsReader;
import io.lanes.steps.openstack.Keystone;
import io.lanes.steps.openstack.MagnumClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the OpenStack credentials are: a cloud of {@code clouds.yaml}, or the {@code OS_*} environment. No flag
 * takes a secret value.
 */
public final class CloudOptions {
  @Option(
      names = "--cloud",
      paramLabel = "NAME",
      description = "The cloud of clouds.yaml to use (default: OS_CLOUD; without either, the OS_* environment).")
  String cloud;

  @Option(
      names = "--clouds-file",
      paramLabel = "FILE",
      description = "The clouds.yaml file (default: OS_CLIENT_CONFIG_FILE, else ./clouds.yaml, "
          + "~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).")
  Path cloudsFile;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long one Magnum request may take (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  /** Authenticates with Keystone and returns a client of the catalog's Magnum. */
  public MagnumClient magnum(StepContext context) {
    CloudCredentials credentials =
        new CloudCredentialsReader(context.environment(), Path.of("").toAbsolutePath())
            .read(Optional.ofNullable(cloud), Optional.ofNullable(cloudsFile));
    context.err().println("authenticating with keystone " + credentials.authUrl() + " (" + credentials.source() + ")");
    return MagnumClient.of(Keystone.authenticate(credentials), requestTimeout);
  }
}
