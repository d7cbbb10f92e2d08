package io.lanes.steps.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.objectstore.ObjectStore;
import io.lanes.steps.objectstore.S3Credentials;
import io.lanes.steps.testing.LocalService;
import io.lanes.steps.testing.RealTutor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real Tutor 22 sample project as platform acme in a test's namespace of the real control plane
 * ({@link KubeCluster}), backed up: its map's backup in a fresh bucket of its own on the real Ceph RGW, the real
 * MariaDB and FerretDB (MongoDB's wire protocol) to back up from and restore into, and the environment the steps get
 * (tutor and the control plane's kubectl on PATH, the S3 credentials, the MySQL password, the MongoDB URI). What the
 * tests that back a platform up and then deploy it (takeover, upgrade) share.
 */
public final class BackedUpPlatform {
  /** Ceph RGW's facts ({@code CEPH_S3_ENDPOINT}, {@code CEPH_S3_ACCESS_KEY}, ...). */
  public final Map<String, String> ceph;

  /** MariaDB's facts ({@code MARIADB_PORT}, {@code MARIADB_PASSWORD}, ...). */
  public final Map<String, String> mariadb;

  /** FerretDB's connection URI. */
  public final String mongoUri;

  /** The Tutor project's root; its {@code lanes.config} is the platform map. */
  public final Path project;

  /** The platform's bucket, new for this test. */
  public final String bucket;

  /** The environment the steps run with. */
  public final Map<String, String> environment;

  /**
   * Starts the services (once per test JVM, {@link LocalService}), writes the sample project under {@code dir}/platform
   * for {@code kube}'s namespace, points its map's backup at a new bucket {@code <bucketPrefix>-<random>} on Ceph RGW
   * (created), with {@code backupSettings} (lines such as {@code "\tbinlogSeconds = 10\n"}, or empty) added to its
   * backup section.
   */
  public BackedUpPlatform(KubeCluster kube, Path dir, String bucketPrefix, String backupSettings) throws IOException {
    ceph = LocalService.start("ceph");
    mariadb = LocalService.start("mariadb");
    mongoUri = LocalService.start("mongodb").get("MONGODB_URI");
    project = RealTutor.sampleProject(dir.resolve("platform"), kube.namespace());
    bucket = bucketPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path map = map();
    Files.writeString(map, Files.readString(map).replaceFirst(
        "endpoint = http://127.0.0.1:8082\n\tbucket = openedx-backups\n",
        "endpoint = " + ceph.get("CEPH_S3_ENDPOINT") + "\n\tbucket = " + bucket + "\n" + backupSettings));
    assertThat(Files.readString(map)).as("the sample map's backup section").contains(bucket);
    try (ObjectStore store = store()) {
      store.createBucketIfMissing();
    }
    Map<String, String> variables = new HashMap<>();
    variables.put("PATH", RealTutor.bin() + File.pathSeparator + kube.path());
    variables.put("AWS_ACCESS_KEY_ID", ceph.get("CEPH_S3_ACCESS_KEY"));
    variables.put("AWS_SECRET_ACCESS_KEY", ceph.get("CEPH_S3_SECRET_KEY"));
    variables.put("MYSQL_PASSWORD", mariadb.get("MARIADB_PASSWORD"));
    variables.put("MONGODB_URI", mongoUri);
    environment = Map.copyOf(variables);
  }

  /** The platform map. */
  public Path map() {
    return project.resolve("lanes.config");
  }

  /** The platform's bucket, opened with the Ceph user's credentials. */
  public ObjectStore store() {
    return ObjectStore.open(ceph.get("CEPH_S3_ENDPOINT"), bucket,
        new S3Credentials(ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY")));
  }
}
