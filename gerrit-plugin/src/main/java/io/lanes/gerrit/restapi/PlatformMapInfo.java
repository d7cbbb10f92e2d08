package io.lanes.gerrit.restapi;

import io.lanes.core.config.Backup;
import io.lanes.core.config.Cluster;
import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.naming.LaneNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /projects/{project}/lanes~platforms}: the map, with names of credentials only. */
public class PlatformMapInfo {
  public Map<String, PlatformInfo> platforms = new LinkedHashMap<>();
  public Map<String, ClusterInfo> clusters = new LinkedHashMap<>();
  public Map<String, BackupInfo> backups = new LinkedHashMap<>();

  static PlatformMapInfo of(PlatformMap map) {
    PlatformMapInfo info = new PlatformMapInfo();
    map.platforms().forEach((name, p) -> info.platforms.put(name, PlatformInfo.of(p)));
    map.clusters().forEach((name, c) -> info.clusters.put(name, ClusterInfo.of(c)));
    map.backups().forEach((name, b) -> info.backups.put(name, BackupInfo.of(b)));
    return info;
  }

  /** One platform. */
  public static class PlatformInfo {
    public String branch;
    public String namespace;
    public String cluster;
    public String registry;
    public String imagePrefix;
    public String ownerGroup;
    public Boolean isProtected;
    public List<String> freezes;
    public List<String> allowedImages;
    public String backup;

    static PlatformInfo of(Platform p) {
      PlatformInfo info = new PlatformInfo();
      info.branch = p.branch();
      info.namespace = p.namespace();
      info.cluster = p.cluster();
      info.registry = p.registry();
      info.imagePrefix = LaneNames.imagePrefix(p);
      info.ownerGroup = p.ownerGroup().orElse(null);
      info.isProtected = p.isProtected() ? true : null;
      info.freezes = p.freezes().isEmpty() ? null : p.freezes().stream().map(Object::toString).toList();
      info.allowedImages = p.allowedImages().isEmpty() ? null : p.allowedImages();
      info.backup = p.backup().orElse(null);
      return info;
    }
  }

  /** One cluster. */
  public static class ClusterInfo {
    public String server;
    public String drCluster;
    public String storageClass;

    static ClusterInfo of(Cluster c) {
      ClusterInfo info = new ClusterInfo();
      info.server = c.server();
      info.drCluster = c.drCluster().orElse(null);
      info.storageClass = c.storageClass();
      return info;
    }
  }

  /** One backup: the credential's Secret by name, never its value. */
  public static class BackupInfo {
    public String endpoint;
    public String bucket;
    public String schedule;
    public Integer keep;
    public Integer keepDays;
    public Integer rpoHours;
    public String credentialSecret;
    public List<String> databases;
    public String mysqlHost;
    public Integer mysqlPort;
    public String encryptionKeyEnv;
    public Integer lockDays;
    public String lockMode;

    static BackupInfo of(Backup b) {
      BackupInfo info = new BackupInfo();
      info.endpoint = b.endpoint();
      info.bucket = b.bucket();
      info.schedule = b.schedule();
      info.keep = b.keep();
      info.keepDays = b.keepDays();
      info.rpoHours = b.rpoHours();
      info.credentialSecret = b.credentialSecret();
      info.databases = b.databases().stream().sorted().toList();
      info.mysqlHost = b.dumpsMysql() ? b.mysqlHost() : null;
      info.mysqlPort = b.dumpsMysql() ? b.mysqlPort() : null;
      info.encryptionKeyEnv = b.encryptionKeyEnv().orElse(null);
      info.lockDays = b.locked() ? b.lockDays() : null;
      info.lockMode = b.locked() ? b.lockMode() : null;
      return info;
    }
  }
}
