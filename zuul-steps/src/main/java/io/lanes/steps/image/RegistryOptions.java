package io.lanes.steps.image;

import io.lanes.steps.Redaction;
import io.lanes.steps.registry.ImageReference;
import io.lanes.steps.registry.RegistryClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How an image step reaches a platform's registry: its Registry API's URL and how long a request may take. */
public final class RegistryOptions {
  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      description = "The Registry API's base URL (default: http:// for localhost and 127.x registries, else https://).")
  String registryUrl;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to wait for the registry to answer a request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Refuses a {@code --registry-url} that holds credentials: a step calls it before any other work. */
  void refuseCredentials() {
    Redaction.refuseCredentials("--registry-url", registryUrl);
  }

  /** A client of the registry that holds {@code reference}. */
  RegistryClient client(ImageReference reference) {
    Redaction.refuseCredentials("--registry-url", registryUrl);
    return new RegistryClient(
        registryUrl != null ? registryUrl : reference.defaultApiUrl(), Duration.ofSeconds(timeoutSeconds));
  }
}
