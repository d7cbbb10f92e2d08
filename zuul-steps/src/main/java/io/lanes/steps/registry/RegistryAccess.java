package io.lanes.steps.registry;

import io.lanes.core.image.ImageReference;
import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.Redaction;
import io.lanes.steps.StepException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a step reaches a platform's registry: its Registry API's URL and, for a registry that asks for them, the
 * credentials, read from environment variables whose names the flags give (Zuul's {@code lanes_registry} secret sets
 * them; never a value on the command line). The image steps ({@code push-image}, {@code promote}) and {@code upgrade}
 * (its hops' images) share it.
 */
public final class RegistryAccess {
  /** Docker Hub's Registry API: its images are named {@code docker.io/...}, its API is elsewhere. */
  static final String DOCKER_HUB_API = "https://registry-1.docker.io";

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

  /** Refuses a {@code --registry-url} that holds credentials: a step calls it before any other work. */
  public void refuseCredentials() {
    Redaction.refuseCredentials("--registry-url", registryUrl);
  }

  /**
   * A client of the registry that holds {@code reference}, with the credentials {@code environment} holds, each
   * request answered within {@code timeout}.
   */
  public RegistryClient client(ImageReference reference, Map<String, String> environment, Duration timeout) {
    refuseCredentials();
    return new RegistryClient(apiUrl(reference), timeout, credentials(environment));
  }

  /** The Registry API's base URL for {@code reference}: {@code --registry-url}, else {@link #defaultApiUrl}. */
  public String apiUrl(ImageReference reference) {
    return registryUrl != null ? registryUrl : defaultApiUrl(reference);
  }

  /**
   * The Registry API's base URL for the registry of {@code reference}: plain HTTP for loopback registries (as Docker
   * treats them), HTTPS otherwise; Docker Hub's ({@code docker.io}) is {@value #DOCKER_HUB_API}.
   */
  static String defaultApiUrl(ImageReference reference) {
    String registry = reference.registry();
    if (registry.equals(ImageReference.DEFAULT_REGISTRY)) {
      return DOCKER_HUB_API;
    }
    String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
    boolean loopback = host.equals("localhost") || host.startsWith("127.");
    return (loopback ? "http://" : "https://") + registry;
  }

  /** The credentials the flags name, empty when neither is given; one missing or unset is a configuration error. */
  public Optional<RegistryCredentials> credentials(Map<String, String> environment) {
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
  public static StepException failure(String what, RegistryException e) {
    return e.status() == 401
        ? StepException.configuration(what + ": " + e.getMessage())
        : StepException.failure(what + ": " + e.getMessage(), e);
  }
}
