package io.lanes.steps.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.lanes.steps.testing.kube.ServerSideApplyDispatcher;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * TEST DOUBLE of a Kubernetes API server, as a process a CLI reaches with a kubeconfig: zuul-steps' own test doubles
 * (fabric8's CRUD mock with {@link ServerSideApplyDispatcher}, and {@link KubeletDouble} writing the statuses a
 * healthy cluster would give the workloads of the namespaces named), served on a TCP port. No real kube-apiserver
 * can run on this project's machines; {@code src/services/kube-api.sh} starts this for the demo.
 *
 * <p>To show a rollout that fails, a client writes {@link KubeletRules} into the ConfigMap
 * {@code kube-system/kubelet-test-double}: the kubelet doubles read it a few times a second and fail the objects it
 * names, as a real cluster would fail pods that crash.
 *
 * <pre>
 * java -cp kube-api-double.jar:lib/* io.lanes.steps.deploy.KubeApiTestDoubleServer \
 *     --port 16443 --kubeconfig kubeconfig.yaml --namespace openedx-acme
 * </pre>
 *
 * <p>It lives in KubeletDouble's package because that double is package-private in zuul-steps' test code.
 */
public final class KubeApiTestDoubleServer implements AutoCloseable {
  /** The user name and context name written into the kubeconfig, so no one mistakes it for a cluster. */
  public static final String NAME = "kube-api-test-double";

  /** The mock web server logs every request at INFO: the kubelet double's polls would flood the service's log. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<KubeletDouble> kubelets = new ArrayList<>();
  private final Thread rulesReader;
  private final PrintStream log;
  private volatile boolean running = true;

  /** Starts the double on 127.0.0.1:{@code port} (0: any free port), with a kubelet double per namespace. */
  public KubeApiTestDoubleServer(int port, List<String> namespaces) throws IOException {
    this(port, namespaces, System.out);
  }

  /** As above, with the kubelet rules' changes and problems written to {@code log}. */
  KubeApiTestDoubleServer(int port, List<String> namespaces, PrintStream log) throws IOException {
    this.log = log;
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new ServerSideApplyDispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), port);
    client = server.createClient();
    for (String namespace : namespaces) {
      kubelets.add(new KubeletDouble(client, namespace));
    }
    rulesReader = new Thread(this::readRules, "kubelet-rules");
    rulesReader.setDaemon(true);
    rulesReader.start();
  }

  /** Follows the ConfigMap of {@link KubeletRules}, and tells the kubelet doubles whenever it changes. */
  private void readRules() {
    KubeletRules current = KubeletRules.NONE;
    while (running) {
      try {
        ConfigMap map = client.configMaps().inNamespace(KubeletRules.NAMESPACE).withName(KubeletRules.NAME).get();
        KubeletRules rules = KubeletRules.of(map == null ? null : map.getData());
        if (!rules.equals(current)) {
          current = rules;
          rules.problems().forEach(p -> log.println("kube-api-double: " + p));
          log.println("kube-api-double: kubelet TEST DOUBLE fails "
              + (rules.rules().isEmpty() ? "nothing" : rules.rules()));
          log.flush();
          kubelets.forEach(k -> k.judge(rules::verdict));
        }
      } catch (RuntimeException e) {
        // the server is stopping, or a read raced a write: the next round reads again
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The double's base URL, e.g. {@code http://127.0.0.1:16443/}. */
  public String url() {
    return server.url("/").replace("//localhost:", "//127.0.0.1:");
  }

  /** Writes a kubeconfig whose current context is this double (atomically: a reader never sees half a file). */
  public void writeKubeconfig(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".partial");
    Files.writeString(partial, kubeconfig(url()), StandardCharsets.UTF_8);
    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The text of a kubeconfig pointing at {@code url}; its token is a fixed placeholder the double ignores. */
  static String kubeconfig(String url) {
    return """
        # TEST DOUBLE of a Kubernetes API server (src/kube-api-double): not a cluster.
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user:
            token: test-double-token
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
        current-context: %1$s
        """
        .formatted(NAME, url);
  }

  @Override
  public void close() {
    running = false;
    rulesReader.interrupt();
    kubelets.forEach(KubeletDouble::close);
    client.close();
    server.destroy();
  }

  /** {@code --port N --kubeconfig FILE [--namespace NS]...}; runs until killed. */
  public static void main(String[] args) throws Exception {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("kube-api-double: " + e.getMessage());
      System.err.println("usage: KubeApiTestDoubleServer --port N --kubeconfig FILE [--namespace NS]...");
      System.exit(2);
      return;
    }
    KubeApiTestDoubleServer testDouble = new KubeApiTestDoubleServer(arguments.port(), arguments.namespaces());
    testDouble.writeKubeconfig(arguments.kubeconfig());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      testDouble.close();
      stopped.countDown();
    }, "kube-api-double-stop"));
    PrintStream out = System.out;
    out.println("kube-api-double: TEST DOUBLE of a Kubernetes API server (fabric8 CRUD mock, approximated"
        + " server-side apply and dry run) listening on " + testDouble.url());
    out.println("kube-api-double: kubelet TEST DOUBLE marks workloads healthy in " + arguments.namespaces()
        + ", except those named in ConfigMap " + KubeletRules.NAMESPACE + "/" + KubeletRules.NAME);
    out.println("kube-api-double: kubeconfig " + arguments.kubeconfig().toAbsolutePath());
    out.flush();
    stopped.await();
  }

  /** The command line, parsed. */
  record Arguments(int port, Path kubeconfig, List<String> namespaces) {
    static Arguments parse(String[] args) {
      Integer port = null;
      Path kubeconfig = null;
      List<String> namespaces = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + ": a value is missing");
        }
        String value = args[++i];
        switch (flag) {
          case "--port" -> port = port(value);
          case "--kubeconfig" -> kubeconfig = Path.of(value);
          case "--namespace" -> namespaces.add(value);
          default -> throw new IllegalArgumentException("unknown flag " + flag);
        }
      }
      if (port == null || kubeconfig == null) {
        throw new IllegalArgumentException("--port and --kubeconfig are required");
      }
      return new Arguments(port, kubeconfig, List.copyOf(namespaces));
    }

    private static int port(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--port " + value + ": not a TCP port (0 to 65535)");
      }
    }
  }
}
