package io.lanes.core.config;

import java.util.Optional;

/** One Kubernetes cluster that platforms deploy into. See {@link LanesConfig}. */
public record Cluster(String name, String server, Optional<String> drCluster, String storageClass) {}
