package io.lanes.steps.testing.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lanes.steps.StepRun;
import io.lanes.steps.testing.LocalService;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Kubernetes control plane of {@code src/services/kube.sh} (etcd, kube-apiserver, controller manager,
 * scheduler, kwok nodes) for JUnit 5: started once per test JVM, shared by every test, each test in namespaces of its
 * own. The steps under test authenticate as a ServiceAccount whose rights end at the test's namespace ({@link
 * #kubeconfig()}); the test arranges and checks with an admin client ({@link #client()}); what the steps wrote
 * is read from the API server's audit log ({@link #writes()}), not from Lanes' own output.
 *
 * <pre>
 * &#64;RegisterExtension final KubeCluster kube = new KubeCluster();
 * String namespace = kube.namespace();                  // e.g. t-12-acme, fresh for this test
 * Path kubeconfig = kube.kubeconfig();                // the step's identity: lanes-deploy in that namespace
 * assertThat(kube.writes()).isEmpty();                   // nothing written by the step (audit log)
 * </pre>
 */
public final class KubeCluster implements BeforeEachCallback, AfterEachCallback {
  /** The ServiceAccount the steps run as in each test namespace. */
  public static final String STEP_ACCOUNT = "lanes-deploy";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Map<String, String> facts;
  private static KubernetesClient admin;

  private final String platform;
  private final List<String> namespaces = new ArrayList<>();
  private String namespace;
  private Path kubeconfig;
  private long auditMark;

  /** Test namespaces for platform {@code acme}. */
  public KubeCluster() {
    this("acme");
  }

  /** Test namespaces named after {@code platform}. */
  public KubeCluster(String platform) {
    this.platform = platform;
  }

  private static synchronized void startOnce() {
    if (admin == null) {
      facts = LocalService.start("kube");
      try {
        String kubeconfig = Files.readString(Path.of(facts.get("KUBE_API_KUBECONFIG")));
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    startOnce();
    namespace = newNamespaceName(platform);
    kubeconfig = serviceAccountKubeconfig(namespace);
    auditMark = auditLength();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // Deleted in the background: the namespace controller empties them while the next tests run.
    for (String name : namespaces) {
      admin.namespaces().withName(name).delete();
    }
    namespaces.clear();
  }

  /** A namespace name no other test uses, {@code t-<n>-<platform>}; not created. */
  public String newNamespaceName(String platformName) {
    String name = "t-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + platformName;
    namespaces.add(name);
    return name;
  }

  /** This test's namespace, created before the test with the steps' ServiceAccount in it. */
  public String namespace() {
    return namespace;
  }

  /** An admin client (system:masters), for arranging and checking live state; never the steps' identity. */
  public KubernetesClient client() {
    return admin;
  }

  /** The API server's URL, {@code https://127.0.0.1:<port>/}. */
  public String url() {
    return facts.get("KUBE_API_URL");
  }

  /** A PATH for the steps: kubectl at the control plane's release first (render runs its kustomize). */
  public String path() {
    return facts.get("KUBE_BIN") + ":/usr/local/bin:/usr/bin:/bin";
  }

  /** kubectl at the control plane's release. */
  public String kubectl() {
    return facts.get("KUBECTL");
  }

  /** Runs kubectl with {@code kubeconfig} (whoever it logs in as) and {@code stdin}; stdout and stderr together. */
  public StepRun kubectlAs(Path kubeconfig, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new StepRun(process.waitFor(), out, out);
  }

  /** The admin kubeconfig (system:masters). */
  public Path adminKubeconfig() {
    return Path.of(facts.get("KUBE_API_KUBECONFIG"));
  }

  /**
   * A kubeconfig for the steps: ServiceAccount {@value #STEP_ACCOUNT} of this test's namespace, with every right in
   * that namespace and none outside it but get/patch of its own Namespace object (kube.sh serviceaccount); the file
   * lives in the service's state directory.
   */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** As {@link #kubeconfig()}, for another namespace of this test (one from {@link #newNamespaceName}): creates it. */
  public Path serviceAccountKubeconfig(String name) {
    return serviceAccountKubeconfig(name, STEP_ACCOUNT);
  }

  /** A kubeconfig for ServiceAccount {@code account} of namespace {@code name}, with every right in it (kube.sh). */
  public Path serviceAccountKubeconfig(String name, String account) {
    try {
      Process process =
          new ProcessBuilder("bash", LocalService.root().resolve("src/services/kube.sh").toString(), "serviceaccount",
                  name, account)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("kube.sh serviceaccount " + name + " " + account + " failed");
      }
      return Path.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates namespace {@code name} as admin (for tests that arrange a namespace the steps may not create). */
  public void createNamespace(String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /** One write request as the API server's audit log recorded it. */
  public record Write(
      String verb, String user, String namespace, String resource, String subresource, String name, String uri,
      int code) {
    /** A write that changed nothing: a dry run. */
    public boolean dryRun() {
      return uri.contains("dryRun=");
    }

    /** Succeeded (2xx). */
    public boolean succeeded() {
      return code >= 200 && code < 300;
    }

    /** {@code verb resource/name} (with {@code /subresource}), for messages. */
    @Override
    public String toString() {
      return verb + " " + resource + "/" + name + (subresource.isEmpty() ? "" : "/" + subresource)
          + (namespace.isEmpty() ? "" : " in " + namespace) + " by " + user + " (" + code + ")";
    }
  }

  /**
   * The writes the steps made since this test started, as the audit log has them: successful, not dry runs, by
   * {@value #STEP_ACCOUNT} of any of this test's namespaces, in the order the server finished them.
   */
  public List<Write> writes() {
    return allWrites().stream()
        .filter(Write::succeeded)
        .filter(w -> !w.dryRun())
        .filter(w -> namespaces.stream().anyMatch(n -> w.user().equals("system:serviceaccount:" + n + ":" + STEP_ACCOUNT)))
        .toList();
  }

  /** The user name a ServiceAccount's requests carry in the audit log. */
  public static String user(String namespace, String account) {
    return "system:serviceaccount:" + namespace + ":" + account;
  }

  /** Every write request (create, update, patch, delete) the audit log has recorded since this test started. */
  public List<Write> allWrites() {
    List<Write> writes = new ArrayList<>();
    for (String line : auditLinesSinceMark()) {
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        continue; // a line being written
      }
      String verb = event.path("verb").asText();
      if (!List.of("create", "update", "patch", "delete", "deletecollection").contains(verb)) {
        continue;
      }
      if (!"ResponseComplete".equals(event.path("stage").asText())) {
        continue;
      }
      JsonNode ref = event.path("objectRef");
      writes.add(new Write(
          verb,
          event.path("user").path("username").asText(),
          ref.path("namespace").asText(),
          ref.path("resource").asText(),
          ref.path("subresource").asText(),
          ref.path("name").asText(),
          event.path("requestURI").asText(),
          event.path("responseStatus").path("code").asInt()));
    }
    return writes;
  }

  private long auditLength() {
    try {
      Path audit = Path.of(facts.get("KUBE_API_AUDIT_LOG"));
      return Files.exists(audit) ? Files.size(audit) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> auditLinesSinceMark() {
    Path audit = Path.of(facts.get("KUBE_API_AUDIT_LOG"));
    try (RandomAccessFile file = new RandomAccessFile(audit.toFile(), "r")) {
      long length = file.length();
      if (length <= auditMark) {
        return List.of();
      }
      file.seek(auditMark);
      byte[] bytes = new byte[(int) (length - auditMark)];
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
