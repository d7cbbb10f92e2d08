package io.lanes.steps.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Docker-compatible engine an image step talks to (a Zuul node's Docker, or podman's API service), named by
 * {@code --docker-host} or {@code DOCKER_HOST}.
 */
public final class DockerEngine {
  /** Where Docker listens when nothing says otherwise. */
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

  @Option(
      names = "--docker-host",
      paramLabel = "URL",
      description = "The Docker-compatible engine's API, e.g. unix:///run/podman/podman.sock "
          + "(default: $DOCKER_HOST, else " + DEFAULT_HOST + ").")
  String dockerHost;

  /** The engine's URL from the flag, the environment, or the default. */
  public String host(Map<String, String> environment) {
    if (dockerHost != null) {
      return dockerHost;
    }
    String fromEnvironment = environment.get("DOCKER_HOST");
    return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_HOST : fromEnvironment;
  }

  /**
   * A client of the engine, pinged: an engine that does not answer is a failure naming it. The caller closes the
   * client.
   */
  public DockerClient connect(Map<String, String> environment) {
    String host = host(environment);
    DockerClient client;
    try {
      DefaultDockerClientConfig config =
          DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
      ApacheDockerHttpClient http =
          new ApacheDockerHttpClient.Builder()
              .dockerHost(config.getDockerHost())
              .connectionTimeout(Duration.ofSeconds(10))
              .responseTimeout(Duration.ofMinutes(30))
              .build();
      client = DockerClientImpl.getInstance(config, http);
    } catch (RuntimeException e) {
      throw StepException.configuration("--docker-host " + host + ": " + message(e), e);
    }
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      close(client);
      throw StepException.failure("docker engine " + host + " unreachable: " + message(e), e);
    }
    return client;
  }

  /** Closes {@code client}, ignoring failures (nothing is left to report). */
  public static void close(DockerClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException ignored) {
      // closing a connection pool: nothing to do about a failure
    }
  }

  /** The innermost message of {@code failure}. */
  static String message(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.strip();
  }
}
