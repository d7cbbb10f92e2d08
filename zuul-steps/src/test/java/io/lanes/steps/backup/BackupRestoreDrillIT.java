package io.lanes.steps.backup;

import io.lanes.steps.testing.LocalService;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** {@link BackupRestoreDrillContract} with real Ceph radosgw (the seed's object gateway) as the S3 endpoint. */
@DisplayName("backup, restore, drill: real MariaDB + real Ceph RGW + MongoDB stand-in (mongo-java-server)")
class BackupRestoreDrillIT extends BackupRestoreDrillContract {
  private static Map<String, String> ceph;

  @BeforeAll
  static void startCeph() {
    ceph = LocalService.start("ceph");
  }

  @Override
  S3 s3() {
    return new S3(ceph.get("CEPH_S3_ENDPOINT"), ceph.get("CEPH_S3_ACCESS_KEY"), ceph.get("CEPH_S3_SECRET_KEY"));
  }
}
