package io.lanes.steps.cluster;

import io.lanes.steps.StepException;
import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A new client key and its certificate signing request, as {@code openstack coe cluster config} makes them: RSA
 * 2048, subject {@code CN=admin, O=system:masters} (Kubernetes' cluster-admin group).
 *
 * @param privateKeyPem the private key, PEM (secret: goes only into the kubeconfig file)
 * @param csrPem the CSR, PEM, for Magnum to sign
 */
public record ClientCertificateRequest(String privateKeyPem, String csrPem) {
  static final String SUBJECT = "CN=admin,O=system:masters";

  /** Generates the key and signs the CSR with it. */
  public static ClientCertificateRequest generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      PKCS10CertificationRequest csr =
          new JcaPKCS10CertificationRequestBuilder(new X500Name(SUBJECT), keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
      return new ClientCertificateRequest(pem(keys.getPrivate()), pem(csr));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw StepException.failure("cannot make a client key and CSR: " + e.getMessage(), e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "ClientCertificateRequest[private key hidden]";
  }
}
