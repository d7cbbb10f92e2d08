package io.lanes.steps.deploy;

import io.lanes.steps.kube.ReleaseRecord;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a rollback to a release before an upgrade names the backup that holds its data (pure)")
class RollbackAcrossUpgradeTest {
  private static ReleaseRecord record(int number, Optional<ReleaseRecord.Upgrade> upgrade) {
    return new ReleaseRecord(number, "acme", "c" + number, Optional.empty(), Optional.empty(), "tag", new TreeMap<>(),
        "sha256:m", new TreeMap<>(), Instant.EPOCH, "me", new TreeMap<>(), upgrade, "");
  }

  @Test
  @DisplayName("back across the upgrade: the notice names the upgrade's backup; back within one release: nothing")
  void namesTheBackup() {
    List<ReleaseRecord> all = List.of(record(1, Optional.empty()), record(2, Optional.empty()),
        record(3, Optional.of(new ReleaseRecord.Upgrade("ulmo", "verawood", "20261205T113000Z"))), record(4, Optional.empty()));

    assertThat(RollbackAcrossUpgrade.notice(all, all.get(1), "acme")).get().asString()
        .startsWith("release 2 is from before the upgrade from ulmo to verawood (release 3)")
        .contains("the data that matches it is backup 20261205T113000Z")
        .contains("zuul-steps restore --config lanes.config --platform acme --backup 20261205T113000Z --dry-run");
    assertThat(RollbackAcrossUpgrade.notice(all, all.get(2), "acme")).isEmpty();
  }

  @Test
  @DisplayName("the upgrade survives the release record's round trip through its ConfigMap")
  void roundTrip() {
    ReleaseRecord record = record(3, Optional.of(new ReleaseRecord.Upgrade("ulmo", "verawood", "20261205T113000Z")));

    ReleaseRecord read = ReleaseRecord.fromConfigMap(record.toConfigMap("openedx-acme"));

    assertThat(read.upgrade()).isEqualTo(record.upgrade());
    assertThat(record.toConfigMap("ns").getData()).containsEntry("upgradeBackup", "20261205T113000Z");
    assertThat(ReleaseRecord.fromConfigMap(record(1, Optional.empty()).toConfigMap("ns")).upgrade()).isEmpty();
  }
}
