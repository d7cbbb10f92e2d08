package io.lanes.steps.image;

import io.lanes.core.image.ImageReference;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.RegistryAccess;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How an image step reaches a platform's registry: {@link RegistryAccess} (its URL, its credentials) and how long a
 * request may take.
 */
public final class RegistryOptions {
  @Mixin RegistryAccess access;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to wait for the registry to answer a request (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Refuses a {@code --registry-url} that holds credentials: a step calls it before any other work. */
  void refuseCredentials() {
    access.refuseCredentials();
  }

  /** A client of the registry that holds {@code reference}, with the credentials {@code environment} holds. */
  RegistryClient client(ImageReference reference, Map<String, String> environment) {
    return access.client(reference, environment, Duration.ofSeconds(timeoutSeconds));
  }

  /** A registry's answer as a step's error: exit 2 when it is about credentials (401), else exit 1. */
  static StepException failure(String what, RegistryException e) {
    return RegistryAccess.failure(what, e);
  }
}
