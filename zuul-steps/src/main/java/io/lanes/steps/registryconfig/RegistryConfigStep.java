package io.lanes.steps.registryconfig;

import io.lanes.steps.AtomicFile;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.openstack.CloudCredentials;
import io.lanes.steps.openstack.CloudSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps registry-config}: writes the registry's configuration for Swift storage from OpenStack
 * credentials, or with {@code --check} verifies them and the container without starting anything.
 */
@Command(
    name = "registry-config",
    description = "Write docker-registry's Swift storage configuration from OpenStack credentials (or --check them).")
public final class RegistryConfigStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin CloudSelection cloud;

  @Option(
      names = "--container",
      paramLabel = "NAME",
      defaultValue = "registry",
      description = "The Swift container for the registry's data (default: ${DEFAULT-VALUE}).")
  String container;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:5000",
      description = "Where the registry listens (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the configuration here (mode 0600).")
  Path output;

  @Option(
      names = "--check",
      description = "Start nothing and write nothing: authenticate to Swift and check the container.")
  boolean check;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "15",
      description = "How long to wait for Keystone or Swift (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin CommonOptions common;

  RegistryConfigStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!check && output == null) {
      throw StepException.configuration("registry-config: give --output FILE, or --check");
    }
    CloudCredentials credentials = cloud.read(context);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("auth_url", credentials.authUrl());
    result.put("auth_version", credentials.authVersion().number());
    switch (credentials.login()) {
      case CloudCredentials.Password password -> result.put("username", password.username());
      case CloudCredentials.ApplicationCredential credential -> result.put("application_credential_id", credential.id());
    }
    result.put("container", container);
    if (check) {
      SwiftCheck.Report report = new SwiftCheck(Duration.ofSeconds(timeoutSeconds)).check(credentials, container);
      context.out().printf(
          "ok: %s authenticates at %s; container %s in %s holds %d object(s), %d byte(s)%n",
          who(credentials), credentials.authUrl(), container, report.storageUrl(), report.objects(),
          report.bytes());
      result.put("storage_url", report.storageUrl());
      result.put("objects", report.objects());
    } else {
      AtomicFile.write(output, DistributionConfig.render(credentials, container, listen), "--output");
      context.err().printf(
          "registry-config: wrote %s (mode 0600): Swift %s v%d, %s, container %s%n",
          output, credentials.authUrl(), credentials.authVersion().number(), credentials.login().who(), container);
      result.put("output", output.toString());
    }
    ResultFile.write(common.result, Map.of("registry_config", result), Map.of());
    return ExitCodes.OK;
  }

  /** The user's name as the check has always printed it, or the application credential. */
  private static String who(CloudCredentials credentials) {
    return credentials.login() instanceof CloudCredentials.Password password
        ? password.username() : credentials.login().who();
  }
}
