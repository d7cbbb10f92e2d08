package io.lanes.steps.backup;

import io.lanes.steps.testing.LocalService;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * {@link BackupRestoreDrillContract} with real OpenStack Swift's s3api as the S3 endpoint: the same behaviour on the
 * second S3 implementation a platform may use (no aws-chunked uploads, Content-MD5 on deletes, path-style, sync GETs).
 */
@DisplayName("backup, restore, drill: real MariaDB + real Swift s3api + real FerretDB (MongoDB protocol)")
class BackupRestoreDrillSwiftIT extends BackupRestoreDrillContract {
  private static Map<String, String> swift;

  @BeforeAll
  static void startSwift() {
    swift = LocalService.start("swift");
  }

  @Override
  S3 s3() {
    return new S3(swift.get("SWIFT_S3_ENDPOINT"), swift.get("SWIFT_S3_ACCESS_KEY"), swift.get("SWIFT_S3_SECRET_KEY"));
  }
}
