package io.lanes.steps.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.testing.MagnumApiDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterSpecReaderTest {

  @Test
  @DisplayName("the sample production spec reads as Fedora CoreOS, 3 control-plane + 3 workers, Cinder CSI, registry on")
  void readsSampleSpec() throws Exception {
    ClusterSpecReader.Result result = ClusterSpecReader.read(Files.readString(Path.of(MagnumApiDouble.SPEC)));

    assertThat(result.problems()).isEmpty();
    ClusterSpec spec = result.spec().orElseThrow();
    assertThat(spec.template().image()).startsWith("fedora-coreos-");
    assertThat(spec.template().labels())
        .containsEntry("kube_tag", "v1.30.4")
        .containsEntry("cinder_csi_enabled", "true");
    assertThat(spec.template().registryEnabled()).isTrue();
    assertThat(spec.cluster().masterCount()).isEqualTo(3);
    assertThat(spec.cluster().nodeCount()).isEqualTo(3);
    assertThat(spec.storage().storageClass()).isEqualTo("cinder");
  }

  @Test
  @DisplayName("every problem is reported at once, each with its line and dotted key")
  void reportsEveryProblemWithLineAndKey() {
    String text =
        """
        template:
          name: 1-bad name
          image: fcos
          externalNetwork: public
          masterFlavor: m1.large
          flavor: m1.xlarge
          networkDriver: weave
          dockerVolumeSize: -5
          masterLb: yes please
          labels:
            cinder_csi_enabled: false
        cluster:
          name: prod
          template: other-template
          masterCount: 2
          nodeCount: three
          keypair: ops
          colour: blue
        storage:
          storageClass: Cinder_SC
        """;

    ClusterSpecReader.Result result = ClusterSpecReader.read(text);

    assertThat(result.spec()).isEmpty();
    assertThat(result.problems().stream().map(p -> p.format("prod.yaml")))
        .containsExactly(
            "prod.yaml:2: template.name: \"1-bad name\" is not a Magnum name (a letter, then letters, digits, '_', '.',"
                + " '-')",
            "prod.yaml:7: template.networkDriver: \"weave\" is not one of calico, flannel",
            "prod.yaml:8: template.dockerVolumeSize: \"-5\" is not a positive integer",
            "prod.yaml:9: template.masterLb: \"yes please\" is not a boolean (true or false)",
            "prod.yaml:10: template.labels.kube_tag: missing (required: it fixes the Kubernetes version, e.g. v1.30.4)",
            "prod.yaml:11: template.labels.cinder_csi_enabled: \"false\" must be \"true\" (platform volumes are Cinder"
                + " CSI volumes)",
            "prod.yaml:14: cluster.template: \"other-template\" is not this spec's template (template.name is \"1-bad"
                + " name\")",
            "prod.yaml:15: cluster.masterCount: 2 is even: etcd needs an odd number of control-plane nodes (1, 3, 5)",
            "prod.yaml:15: cluster.masterCount: 2 control-plane nodes need template.masterLb: true (a load balancer in"
                + " front of the API)",
            "prod.yaml:16: cluster.nodeCount: \"three\" is not a positive integer",
            "prod.yaml:18: cluster.colour: unknown key (known: name, template, masterCount, nodeCount, keypair,"
                + " createTimeout)",
            "prod.yaml:20: storage.storageClass: \"Cinder_SC\" is not a DNS-1123 subdomain (lowercase letters, digits,"
                + " '-' and '.')");
  }

  @Test
  @DisplayName("a key set twice is a problem naming both lines")
  void duplicateKey() {
    ClusterSpecReader.Result result = ClusterSpecReader.read("cluster:\n  name: a\n  name: b\n");

    assertThat(result.problems().stream().map(p -> p.format("f.yaml")))
        .contains("f.yaml: template: missing (required)", "f.yaml:3: cluster.name: set twice (first on line 2)");
  }

  @Test
  @DisplayName("malformed YAML is one problem with its line")
  void malformedYaml() {
    ClusterSpecReader.Result result = ClusterSpecReader.read("template:\n  name: [unclosed\ncluster: {}\n");

    assertThat(result.problems()).hasSize(1);
    assertThat(result.problems().get(0).format("f.yaml")).startsWith("f.yaml:3: (file): not valid YAML: ");
  }

  @Test
  @DisplayName("a document that is not a map says which keys it expects")
  void notAMap() {
    assertThat(ClusterSpecReader.read("- just\n- a list\n").problems().get(0).format("f.yaml"))
        .isEqualTo("f.yaml:1: (file): expected a map with keys template, cluster, storage");
  }
}
