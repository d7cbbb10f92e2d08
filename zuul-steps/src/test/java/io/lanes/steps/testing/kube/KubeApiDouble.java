package io.lanes.steps.testing.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * TEST DOUBLE of a Kubernetes API server for JUnit 5: fabric8's mock server in CRUD mode with {@link
 * ServerSideApplyDispatcher} (server-side apply and {@code dryRun=All} approximated; read its Javadoc for what it
 * cannot show). No real kube-apiserver runs on this project's machines. A fresh, empty server per test:
 *
 * <pre>
 * &#64;RegisterExtension final KubeApiDouble kube = new KubeApiDouble();
 * ...
 * kube.client().resource(configMap).create();                  // arrange live state
 * Path kubeconfig = kube.kubeconfig(dir);                        // hand the step --kubeconfig
 * assertThat(kube.writes()).isEmpty();                           // nothing persisted by a dry run
 * </pre>
 */
public final class KubeApiDouble implements BeforeEachCallback, AfterEachCallback {
  private KubernetesMockServer server;
  private ServerSideApplyDispatcher dispatcher;
  private KubernetesClient client;

  @Override
  public void beforeEach(ExtensionContext context) {
    dispatcher = new ServerSideApplyDispatcher();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  /** A client of the double, for arranging and inspecting live state. */
  public KubernetesClient client() {
    return client;
  }

  /** The double's URL, e.g. {@code http://localhost:40123/}. */
  public String url() {
    return server.url("/");
  }

  /** Writes, in {@code dir}, a kubeconfig whose current context is the double, and returns its path. */
  public Path kubeconfig(Path dir) throws IOException {
    Path file = dir.resolve("kubeconfig-double.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: double
          cluster:
            server: %s
        users:
        - name: double
          user:
            token: test-double-token
        contexts:
        - name: double
          context:
            cluster: double
            user: double
        current-context: double
        """
            .formatted(url()),
        StandardCharsets.UTF_8);
    return file;
  }

  /** The writes that reached the double's store, as {@code METHOD path} ({@code APPLY} for apply patches). */
  public List<String> writes() {
    return dispatcher.writes();
  }

  /**
   * Every write request as it reached the double (dry runs included), with its method, path, query parameters and
   * content type: for asserting the shape of server-side apply requests.
   */
  public List<ServerSideApplyDispatcher.Request> requests() {
    return dispatcher.requests();
  }
}
