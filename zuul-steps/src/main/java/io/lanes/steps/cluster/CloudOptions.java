package io.lanes.steps.cluster;

import io.lanes.steps.StepContext;
import io.lanes.steps.openstack.CloudCredentials;
import io.lanes.steps.openstack.CloudSelection;
import io.lanes.steps.openstack.Keystone;
import io.lanes.steps.openstack.MagnumClient;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the OpenStack credentials are: a cloud of {@code clouds.yaml}, or the {@code OS_*} environment. No flag
 * takes a secret value.
 */
public final class CloudOptions {
  @Mixin CloudSelection cloud;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long one Magnum request may take (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  /** Authenticates with Keystone and returns a client of the catalog's Magnum. */
  public MagnumClient magnum(StepContext context) {
    CloudCredentials credentials = cloud.read(context);
    context.err().println("authenticating with keystone " + credentials.authUrl() + " (" + credentials.source() + ")");
    return MagnumClient.of(Keystone.authenticate(credentials), requestTimeout);
  }
}
