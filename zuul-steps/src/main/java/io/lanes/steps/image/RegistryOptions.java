package io.lanes.steps.image;

import io.lanes.core.image.ImageReference;
import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.Redaction;
import io.lanes.steps.StepException;
import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryCredentials;
import io.lanes.steps.registry.RegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How an image step reaches a platform's registry: its Registry API's URL, how long a request may take, and, for a
 * registry that asks for them, the credentials, read from environment variables whose names the flags give (Zuul's
 * {@code lanes_registry} secret sets them; never a value on the command line).
 */
public final class RegistryOptions {
  @Option(
      names = "--registry-username-env",
      paramLabel = "VAR",
      description = "The environment variable holding the registry user name, for a registry that asks for one.")
  String usernameEnv;

  @Option(
      names = "--registry-password-env",
      paramLabel = "VAR",
      description = "The environment variable holding that user's registry password.")
  String passwordEnv;

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

  /** A client of the registry that holds {@code reference}, with the credentials {@code environment} holds. */
  RegistryClient client(ImageReference reference, Map<String, String> environment) {
    Redaction.refuseCredentials("--registry-url", registryUrl);
    return new RegistryClient(
        registryUrl != null ? registryUrl : defaultApiUrl(reference), Duration.ofSeconds(timeoutSeconds),
        credentials(environment));
  }

  /**
   * The Registry API's base URL for the registry of {@code reference}: plain HTTP for loopback registries (as Docker
   * treats them), HTTPS otherwise.
   */
  static String defaultApiUrl(ImageReference reference) {
    String registry = reference.registry();
    String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
    boolean loopback = host.equals("localhost") || host.startsWith("127.");
    return (loopback ? "http://" : "https://") + registry;
  }

  /** The credentials the flags name, empty when neither is given; one missing or unset is a configuration error. */
  Optional<RegistryCredentials> credentials(Map<String, String> environment) {
    if (usernameEnv == null && passwordEnv == null) {
      return Optional.empty();
    }
    if (usernameEnv == null || passwordEnv == null) {
      throw StepException.configuration(
          "--registry-username-env and --registry-password-env go together: give both or neither");
    }
    return Optional.of(new RegistryCredentials(
        EnvironmentVariable.required(environment, "--registry-username-env", usernameEnv, "the registry user name"),
        EnvironmentVariable.required(environment, "--registry-password-env", passwordEnv, "that user's registry password")));
  }

  /** A registry's answer as a step's error: exit 2 when it is about credentials (401), else exit 1. */
  static StepException failure(String what, RegistryException e) {
    return e.status() == 401
        ? StepException.configuration(what + ": " + e.getMessage())
        : StepException.failure(what + ": " + e.getMessage(), e);
  }
}
