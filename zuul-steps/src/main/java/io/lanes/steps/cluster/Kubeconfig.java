package io.lanes.steps.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.lanes.steps.AtomicFile;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig for one cluster with a client certificate: cluster, user and context all named after the cluster.
 *
 * @param cluster the cluster's name
 * @param server the Kubernetes API's URL
 * @param caPem the cluster CA's certificate, PEM
 * @param certificatePem the client certificate, PEM
 * @param privateKeyPem the client key, PEM (secret)
 */
public record Kubeconfig(String cluster, String server, String caPem, String certificatePem, String privateKeyPem) {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  /** The kubeconfig's YAML. */
  public String toYaml() {
    String user = "admin@" + cluster;
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", "v1");
    document.put("kind", "Config");
    document.put(
        "clusters",
        List.of(Map.of("name", cluster, "cluster", ordered("server", server, "certificate-authority-data", base64(caPem)))));
    document.put(
        "users",
        List.of(
            Map.of(
                "name", user,
                "user",
                ordered("client-certificate-data", base64(certificatePem), "client-key-data", base64(privateKeyPem)))));
    document.put("contexts", List.of(Map.of("name", cluster, "context", ordered("cluster", cluster, "user", user))));
    document.put("current-context", cluster);
    try {
      return YAML.writeValueAsString(document);
    } catch (IOException e) {
      throw StepException.failure("cannot write the kubeconfig: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the kubeconfig to {@code file}, readable by its owner only (0600) from the first byte: a temporary file
   * created with that mode, then moved over {@code file}. Written whole or not at all.
   */
  public void write(Path file) {
    try {
      AtomicFile.replace(file, true, partial -> Files.writeString(partial, toYaml(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw StepException.failure("cannot write the kubeconfig " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Kubeconfig[" + cluster + ", " + server + ", private key hidden]";
  }
}
