package io.lanes.steps.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.lanes.steps.testing.MagnumApiDouble.CLUSTER_UUID;
import static io.lanes.steps.testing.MagnumApiDouble.PASSWORD;
import static io.lanes.steps.testing.MagnumApiDouble.SPEC;
import static io.lanes.steps.testing.MagnumApiDouble.TEMPLATE_UUID;
import static io.lanes.steps.testing.MagnumApiDouble.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.lanes.steps.testing.MagnumApiDouble;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("cluster kubeconfig against the WireMock double of Magnum's certificate API (from the API reference)")
class ClusterKubeconfigWireMockTest {
  static WireMockServer server;
  static String caPem;
  static String clientPem;

  @TempDir Path dir;

  MagnumApiDouble magnum;

  @BeforeAll
  static void start() throws Exception {
    server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    caPem = selfSigned("CN=prod-ca");
    clientPem = selfSigned("CN=admin,O=system:masters");
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    magnum = new MagnumApiDouble(server).keystoneIssuesToken();
  }

  @Test
  @DisplayName("WireMock Magnum: a CSR for admin/system:masters is signed, and the kubeconfig (0600) holds CA, cert and"
      + " the CSR's own key")
  void writesKubeconfig() throws Exception {
    magnum.clusterShows("CREATE_COMPLETE", null, 3, TEMPLATE_UUID);
    server.stubFor(
        post(urlEqualTo("/v1/certificates"))
            .withHeader("X-Auth-Token", equalTo(MagnumApiDouble.TOKEN))
            .withRequestBody(matchingJsonPath("$.cluster_uuid", equalTo(CLUSTER_UUID)))
            .withRequestBody(matchingJsonPath("$.csr", containing("-----BEGIN CERTIFICATE REQUEST-----")))
            .willReturn(json(201, "{\"cluster_uuid\": \"" + CLUSTER_UUID + "\", \"pem\": " + quote(clientPem)
                + ", \"csr\": \"...\", \"links\": []}")));
    server.stubFor(
        get(urlEqualTo("/v1/certificates/" + CLUSTER_UUID))
            .withHeader("X-Auth-Token", equalTo(MagnumApiDouble.TOKEN))
            .willReturn(json(200, "{\"cluster_uuid\": \"" + CLUSTER_UUID + "\", \"pem\": " + quote(caPem)
                + ", \"links\": []}")));
    Path kubeconfig = dir.resolve("out/prod.kubeconfig");
    Path result = dir.resolve("result.json");

    ClusterRun run = ClusterRun.with(magnum.environment(), "cluster", "kubeconfig", "--spec", SPEC,
        "--output", kubeconfig.toString(), "--result", result.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("wrote kubeconfig for cluster prod (https://172.24.4.10:6443) to " + kubeconfig + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
    JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(kubeconfig.toFile());
    assertThat(config.at("/current-context").asText()).isEqualTo("prod");
    assertThat(config.at("/clusters/0/cluster/server").asText()).isEqualTo("https://172.24.4.10:6443");
    assertThat(decode(config.at("/clusters/0/cluster/certificate-authority-data"))).isEqualTo(caPem);
    assertThat(decode(config.at("/users/0/user/client-certificate-data"))).isEqualTo(clientPem);

    String csrPem = new ObjectMapper().readTree(
        server.findAll(postRequestedFor(urlEqualTo("/v1/certificates"))).get(0).getBodyAsString()).get("csr").asText();
    PKCS10CertificationRequest csr = (PKCS10CertificationRequest) new PEMParser(new StringReader(csrPem)).readObject();
    assertThat(csr.getSubject()).isEqualTo(new X500Name("CN=admin,O=system:masters"));
    String keyPem = decode(config.at("/users/0/user/client-key-data"));
    PEMKeyPair key = (PEMKeyPair) new PEMParser(new StringReader(keyPem)).readObject();
    assertThat(key.getPublicKeyInfo()).isEqualTo(csr.getSubjectPublicKeyInfo());

    assertThat(run.all()).doesNotContain(keyPem.lines().skip(1).findFirst().orElseThrow()).doesNotContain(PASSWORD);
    assertThat(Files.readString(result)).contains("\"kubeconfig\" : \"" + kubeconfig + "\"").doesNotContain("PRIVATE");
  }

  @Test
  @DisplayName("WireMock Magnum: a cluster still CREATE_IN_PROGRESS has no kubeconfig yet: exit 1, no file, no CSR sent")
  void clusterNotReady() {
    magnum.clusterShows("CREATE_IN_PROGRESS", null, 3, TEMPLATE_UUID);
    Path kubeconfig = dir.resolve("prod.kubeconfig");

    ClusterRun run = ClusterRun.with(magnum.environment(), "cluster", "kubeconfig", "--spec", SPEC,
        "--output", kubeconfig.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith(
        "cluster prod is CREATE_IN_PROGRESS and has no API address yet: wait for cluster apply\n");
    assertThat(kubeconfig).doesNotExist();
    server.verify(0, postRequestedFor(urlEqualTo("/v1/certificates")));
  }

  @Test
  @DisplayName("WireMock Magnum: a cluster Magnum does not have (404) is a failure saying to apply first")
  void clusterMissing() {
    server.stubFor(get(urlEqualTo("/v1/clusters/prod")).willReturn(MagnumApiDouble.notFound("Cluster prod could not be found.")));

    ClusterRun run = ClusterRun.with(magnum.environment(), "cluster", "kubeconfig", "--spec", SPEC,
        "--output", dir.resolve("k").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).endsWith("cluster prod does not exist in Magnum: run cluster apply first\n");
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
  }

  private static String quote(String text) throws Exception {
    return new ObjectMapper().writeValueAsString(text);
  }

  private static String selfSigned(String subject) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    var certificate = new JcaX509v3CertificateBuilder(
            new X500Name(subject), BigInteger.ONE, Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name(subject), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    }
    return text.toString();
  }

}
