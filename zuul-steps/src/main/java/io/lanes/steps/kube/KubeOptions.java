package io.lanes.steps.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lanes.steps.Redaction;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How a step reaches a cluster: a kubeconfig file named by {@code --kubeconfig}, or the pod's service account with
 * {@code --in-cluster}. Neither is guessed: {@code ~/.kube/config} and {@code $KUBECONFIG} are never read unless
 * named, so a step never talks to a cluster nobody asked for.
 */
public final class KubeOptions {
  /** Where a pod's service account credentials are mounted. */
  public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** How long one API request may take before the step fails, in milliseconds. */
  static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  /** How long connecting to the API server may take, in milliseconds. */
  static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  static final class Source {
    @Option(
        names = "--kubeconfig",
        paramLabel = "FILE",
        description = "The kubeconfig of the platform's cluster (its current context is used).")
    Path kubeconfig;

    @Option(names = "--in-cluster", description = "Use the pod's service account (when the step runs in a pod).")
    boolean inCluster;
  }

  /** Whether a cluster was named. */
  public boolean given() {
    return source != null;
  }

  /** A client for the named cluster, or empty when none was named. */
  public Optional<KubernetesClient> connect(Map<String, String> environment) {
    if (source == null) {
      return Optional.empty();
    }
    Config config =
        source.kubeconfig != null ? fromKubeconfig(source.kubeconfig) : inCluster(environment, SERVICE_ACCOUNT);
    return Optional.of(client(config));
  }

  /**
   * A client for {@code config} with Lanes' limits: a request fails after {@value #REQUEST_TIMEOUT_MILLIS} ms, and is
   * retried once, so an unreachable server is reported in seconds, not minutes.
   */
  public static KubernetesClient client(Config config) {
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    config.setRequestRetryBackoffLimit(1);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The config of {@code file}'s current context, or a configuration error naming the file. */
  public static Config fromKubeconfig(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw StepException.configuration(file + ": no such file");
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read: " + e.getMessage(), e);
    }
    Config config;
    try {
      config = Config.fromKubeconfig(null, text, file.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      // the reader's message may quote the file: its first line only, and redacted (the file holds credentials)
      throw StepException.configuration(
          file + ": not a usable kubeconfig: " + Redaction.text(firstLine(e.getMessage())), e);
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw StepException.configuration(file + ": not a usable kubeconfig: its current context names no server");
    }
    return config;
  }

  /**
   * The pod's service account: the API server from {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}, its CA, and its
   * token, read again for every request: the kubelet rotates projected tokens (about hourly), and a deploy or a
   * backup can outlive one.
   */
  static Config inCluster(Map<String, String> environment, Path serviceAccount) {
    String host = environment.get("KUBERNETES_SERVICE_HOST");
    String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    Path token = serviceAccount.resolve("token");
    if (host == null || !Files.isReadable(token)) {
      throw StepException.configuration(
          "--in-cluster: not running in a pod (no KUBERNETES_SERVICE_HOST or no " + token + ")");
    }
    readToken(token); // a token that cannot be read fails here, before any request
    String server = host.contains(":") ? "https://[" + host + "]:" + port : "https://" + host + ":" + port;
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(server)
        .withOauthTokenProvider(() -> readToken(token))
        .withCaCertFile(serviceAccount.resolve("ca.crt").toString())
        .build();
  }

  private static String readToken(Path token) {
    try {
      return Files.readString(token, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw StepException.configuration("--in-cluster: cannot read " + token + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
