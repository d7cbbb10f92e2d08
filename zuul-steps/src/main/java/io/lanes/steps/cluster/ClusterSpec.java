package io.lanes.steps.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster spec: the Magnum cluster template, the cluster made from it, and its default StorageClass. Read and
 * checked by {@link ClusterSpecReader}; the keys are documented in {@code docs/steps/cluster.md}.
 */
public record ClusterSpec(Template template, Cluster cluster, Storage storage) {

  /**
   * A Magnum cluster template. Magnum's templates are immutable: a changed template is a new {@code name}.
   *
   * @param name the template's name in Magnum
   * @param image the Glance image (name or id), e.g. a Fedora CoreOS image
   * @param externalNetwork the Neutron network for floating IPs and load balancers
   * @param masterFlavor the Nova flavor of control-plane nodes
   * @param flavor the Nova flavor of worker nodes
   * @param networkDriver the pod network: {@code flannel} or {@code calico}
   * @param volumeDriver the volume driver: {@code cinder}
   * @param dockerVolumeSize the size in GB of each node's container volume, if any
   * @param dockerStorageDriver the container storage driver
   * @param registryEnabled whether Magnum runs a registry on Swift in the cluster
   * @param masterLb whether the API has a load balancer in front of the control plane
   * @param floatingIp whether nodes get floating IPs
   * @param dnsNameserver the nodes' DNS server, if not Magnum's default
   * @param fixedNetwork an existing private network, if not a new one
   * @param fixedSubnet an existing private subnet, if not a new one
   * @param labels Magnum labels, e.g. {@code kube_tag}, {@code cinder_csi_enabled}
   */
  public record Template(
      String name,
      String image,
      String externalNetwork,
      String masterFlavor,
      String flavor,
      String networkDriver,
      String volumeDriver,
      Optional<Integer> dockerVolumeSize,
      String dockerStorageDriver,
      boolean registryEnabled,
      boolean masterLb,
      boolean floatingIp,
      Optional<String> dnsNameserver,
      Optional<String> fixedNetwork,
      Optional<String> fixedSubnet,
      Map<String, String> labels) {

    public Template {
      labels = Map.copyOf(labels);
    }

    /** The fields of Magnum's {@code POST /v1/clustertemplates} body, in a fixed order. */
    public Map<String, Object> toMagnum() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("coe", "kubernetes");
      body.put("image_id", image);
      body.put("external_network_id", externalNetwork);
      body.put("master_flavor_id", masterFlavor);
      body.put("flavor_id", flavor);
      body.put("network_driver", networkDriver);
      body.put("volume_driver", volumeDriver);
      dockerVolumeSize.ifPresent(size -> body.put("docker_volume_size", size));
      body.put("docker_storage_driver", dockerStorageDriver);
      body.put("registry_enabled", registryEnabled);
      body.put("master_lb_enabled", masterLb);
      body.put("floating_ip_enabled", floatingIp);
      dnsNameserver.ifPresent(dns -> body.put("dns_nameserver", dns));
      fixedNetwork.ifPresent(network -> body.put("fixed_network", network));
      fixedSubnet.ifPresent(subnet -> body.put("fixed_subnet", subnet));
      body.put("labels", new java.util.TreeMap<>(labels));
      return body;
    }
  }

  /**
   * A Magnum cluster.
   *
   * @param name the cluster's name in Magnum
   * @param template the name of its template (the spec's {@link Template#name()})
   * @param masterCount control-plane nodes (odd, for etcd's quorum)
   * @param nodeCount worker nodes
   * @param keypair the Nova keypair on its nodes
   * @param createTimeout minutes Magnum gives Heat to create it
   */
  public record Cluster(String name, String template, int masterCount, int nodeCount, String keypair, int createTimeout) {

    /** The fields of Magnum's {@code POST /v1/clusters} body, without the template's uuid. */
    public Map<String, Object> toMagnum(String templateUuid) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("cluster_template_id", templateUuid);
      body.put("master_count", masterCount);
      body.put("node_count", nodeCount);
      body.put("keypair", keypair);
      body.put("create_timeout", createTimeout);
      return body;
    }
  }

  /**
   * The cluster's default StorageClass, provisioned by Cinder CSI.
   *
   * @param storageClass its name (the platform map's {@code cluster.<name>.storageClass})
   * @param isDefault whether it is the cluster's default StorageClass
   * @param volumeType the Cinder volume type, if not Cinder's default
   * @param allowVolumeExpansion whether claims may grow
   */
  public record Storage(String storageClass, boolean isDefault, Optional<String> volumeType, boolean allowVolumeExpansion) {}
}
