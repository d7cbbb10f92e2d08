package io.lanes.steps.cluster;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.openstack.MagnumClient;
import io.lanes.steps.openstack.MagnumCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps cluster kubeconfig}: a kubeconfig for the spec's cluster through Magnum's certificate API: a new
 * key and CSR, signed by the cluster's CA, written with mode 0600.
 */
@Command(
    name = "kubeconfig",
    description = "Write a kubeconfig for the cluster: a new key, its CSR signed through Magnum, the cluster's CA.")
public final class ClusterKubeconfigStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin SpecOptions spec;
  @Mixin CloudOptions cloud;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the kubeconfig (mode 0600; replaced whole).")
  Path output;

  @Mixin CommonOptions common;

  ClusterKubeconfigStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ClusterSpec clusterSpec = spec.load();
    String name = clusterSpec.cluster().name();
    MagnumClient magnum = cloud.magnum(context);
    MagnumCluster cluster =
        magnum.findCluster(name)
            .orElseThrow(
                () -> StepException.failure("cluster " + name + " does not exist in Magnum: run cluster apply first",
                    null));
    if (!cluster.complete() || cluster.apiAddress().isEmpty()) {
      throw StepException.failure(
          "cluster " + name + " is " + cluster.status() + " and has no API address yet: wait for cluster apply", null);
    }
    context.err().println("signing a client certificate for cluster " + name + " through magnum");
    ClientCertificateRequest request = ClientCertificateRequest.generate();
    String certificate = magnum.signCertificate(cluster.uuid(), request.csrPem());
    String ca = magnum.caCertificate(cluster.uuid());
    Kubeconfig kubeconfig =
        new Kubeconfig(name, cluster.apiAddress().get(), ca, certificate, request.privateKeyPem());
    kubeconfig.write(output);
    context.out().println("wrote kubeconfig for cluster " + name + " (" + cluster.apiAddress().get() + ") to " + output);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", name);
    summary.put("uuid", cluster.uuid());
    summary.put("server", cluster.apiAddress().get());
    summary.put("kubeconfig", output.toString());
    ResultFile.write(common.result, Map.of("cluster", summary), Map.of());
    return ExitCodes.OK;
  }
}
