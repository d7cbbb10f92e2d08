package io.lanes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformMapReaderTest {
  private static final String CLUSTER = "[cluster \"prod\"]\n  server = https://10.0.0.10:6443\n";
  private static final String BACKUP =
      "[backup \"nightly\"]\n  endpoint = http://127.0.0.1:8082\n  bucket = openedx-backups\n"
          + "  credentialSecret = backup-s3\n";
  private static final String ACME = "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = prod\n";

  @Test
  @DisplayName("a minimal platform gets the documented defaults")
  void minimalPlatformGetsDefaults() throws Exception {
    PlatformMap map = PlatformMapReader.read(ACME + CLUSTER).orThrow();

    Platform acme = map.platform("acme").orElseThrow();
    assertThat(acme.branch()).isEqualTo("platform/acme");
    assertThat(acme.registry()).isEqualTo("localhost:5000");
    assertThat(acme.isProtected()).isFalse();
    assertThat(acme.ownerGroup()).isEmpty();
    assertThat(acme.freezes()).isEmpty();
    assertThat(acme.backup()).isEmpty();
    assertThat(map.clusters().get("prod").storageClass()).isEqualTo("cinder");
    assertThat(map.clusters().get("prod").drCluster()).isEmpty();
  }

  @Test
  @DisplayName("a preview's smaller MySQL and seeds: defaults (1Gi, 1Gi, none), and the map's values, a seed named twice"
      + " taken once")
  void previewMysqlAndSeeds() throws Exception {
    String preview = "[preview \"acme\"]\n  lmsHost = learn.acme.example.org\n  host = c{change}.preview.example.org\n";

    PreviewSettings defaults = PlatformMapReader.read(ACME + CLUSTER + preview).orThrow().previews().get("acme");
    PreviewSettings set = PlatformMapReader.read(ACME + CLUSTER + preview
        + "  mysqlMemory = 768Mi\n  mysqlStorage = 2Gi\n  seed = demo-course\n  seed = demo-course\n").orThrow()
        .previews().get("acme");

    assertThat(defaults.mysqlMemory()).isEqualTo("1Gi");
    assertThat(defaults.mysqlStorage()).isEqualTo("1Gi");
    assertThat(defaults.seeds()).isEmpty();
    assertThat(set.mysqlMemory()).isEqualTo("768Mi");
    assertThat(set.mysqlStorage()).isEqualTo("2Gi");
    assertThat(set.seeds()).containsExactly("demo-course");
  }

  @Test
  @DisplayName("every key of every section is read")
  void readsEveryKey() throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                """
                [platform "acme"]
                  branch = platform/acme-prod
                  namespace = openedx-acme
                  cluster = prod
                  registry = registry.example.org:5000
                  ownerGroup = Acme Maintainers
                  protected = true
                  freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z
                  freeze = 2027-03-01T00:00+01:00/2027-03-02T00:00+01:00
                  allowedImage = docker.io/library/redis:
                  allowedImage = docker.io/getmeili/meilisearch:
                  backup = nightly
                [cluster "prod"]
                  server = https://10.0.0.10:6443
                  drCluster = dr
                  storageClass = csi-cinder
                [cluster "dr"]
                  server = https://10.1.0.10:6443
                [backup "nightly"]
                  endpoint = https://rgw.example.org
                  bucket = openedx.backups
                  schedule = 30 1 * * 1-5
                  keep = 14
                  keepDays = 60
                  credentialSecret = backup-s3
                  databases = mysql
                  mysqlHost = mysql.db.example.org
                  mysqlPort = 3307
                  encryptionKeyEnv = LANES_BACKUP_KEY
                  lockDays = 30
                  lockMode = governance
                  binlogSeconds = 20
                """)
            .orThrow();

    Platform acme = map.platform("acme").orElseThrow();
    assertThat(acme.branch()).isEqualTo("platform/acme-prod");
    assertThat(acme.registry()).isEqualTo("registry.example.org:5000");
    assertThat(acme.ownerGroup()).contains("Acme Maintainers");
    assertThat(acme.isProtected()).isTrue();
    assertThat(acme.freezes()).extracting(FreezeInterval::toString)
        .containsExactly(
            "2026-12-20T00:00Z/2027-01-05T00:00Z", "2027-03-01T00:00+01:00/2027-03-02T00:00+01:00");
    assertThat(acme.freezes().get(1).start()).isEqualTo(Instant.parse("2027-02-28T23:00:00Z"));
    assertThat(acme.allowedImages())
        .containsExactly("docker.io/library/redis:", "docker.io/getmeili/meilisearch:");
    assertThat(acme.backup()).contains("nightly");
    assertThat(map.clusters().get("prod"))
        .isEqualTo(
            new Cluster("prod", "https://10.0.0.10:6443", java.util.Optional.of("dr"), "csi-cinder"));
    assertThat(map.backups().get("nightly"))
        .isEqualTo(
            new Backup("nightly", "https://rgw.example.org", "openedx.backups", "30 1 * * 1-5", 14, 60, 26, "backup-s3",
                java.util.Set.of("mysql"), "mysql.db.example.org", 3307, java.util.Optional.of("LANES_BACKUP_KEY"), 30,
                "governance", 20));
    assertThat(map.backups().get("nightly").dumpsMongodb()).isFalse();
  }

  @Test
  @DisplayName("a backup dumps Tutor's MySQL (mysql:3306) and MongoDB unless it says otherwise")
  void backupDefaultsToTutorsDatabases() throws Exception {
    Backup backup = PlatformMapReader.read(ACME + CLUSTER + BACKUP).orThrow().backups().get("nightly");

    assertThat(backup.databases()).containsExactlyInAnyOrder("mysql", "mongodb");
    assertThat(backup.dumpsMysql()).isTrue();
    assertThat(backup.dumpsMongodb()).isTrue();
    assertThat(backup.mysqlHost()).isEqualTo("mysql");
    assertThat(backup.mysqlPort()).isEqualTo(3306);
    assertThat(backup.encryptionKeyEnv()).isEmpty();
    assertThat(backup.locked()).isFalse();
    assertThat(backup.lockMode()).isEqualTo("compliance");
    assertThat(PlatformMapReader.read(ACME + CLUSTER + BACKUP + "  databases = mongodb\n").orThrow()
            .backups().get("nightly").dumpsMysql())
        .isFalse();
  }

  @Test
  @DisplayName("keys are case-insensitive, as in git-config")
  void keysAreCaseInsensitive() throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                "[platform \"acme\"]\n  NameSpace = openedx-acme\n  cluster = prod\n  OWNERGROUP = g\n" + CLUSTER)
            .orThrow();

    assertThat(map.platform("acme").orElseThrow().ownerGroup()).contains("g");
  }

  @Test
  @DisplayName("a file that declares no platform is refused; a project without the file is an empty, valid map")
  void emptyFileRefusedMissingFileEmpty() throws Exception {
    assertThat(PlatformMapReader.read(CLUSTER).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "lanes.config: declares no platform (a map needs at least one [platform \"<name>\"] section)");
    assertThat(PlatformMapReader.read(new org.eclipse.jgit.lib.Config()).orThrow().platforms()).isEmpty();
  }

  static Stream<Arguments> badMaps() {
    return Stream.of(
        bad(
            "syntax error",
            "[platform \"acme\"\n",
            "lanes.config: cannot parse: Bad group header"),
        bad(
            "unknown section",
            ACME + CLUSTER + "[platfrom \"beta\"]\n  namespace = b\n",
            "platfrom: unknown section (known: platform, cluster, backup, preview)"),
        bad(
            "section without a name",
            ACME + CLUSTER + "[platform]\n  namespace = x\n",
            "platform: section needs a name, as in [platform \"name\"]"),
        bad("missing namespace", "[platform \"acme\"]\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: missing (required)"),
        bad("missing cluster", "[platform \"acme\"]\n  namespace = openedx-acme\n" + CLUSTER,
            "platform.acme.cluster: missing (required)"),
        bad(
            "platform name not DNS-1123",
            "[platform \"Acme_1\"]\n  namespace = openedx-acme\n  cluster = prod\n" + CLUSTER,
            "platform.Acme_1: name must be a DNS-1123 label (lowercase letters, digits and '-', at most 63"
                + " characters, starting and ending with a letter or digit)"),
        bad(
            "namespace not DNS-1123",
            "[platform \"acme\"]\n  namespace = OpenEdx.Acme\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: \"OpenEdx.Acme\" is not a DNS-1123 label (lowercase letters, digits and '-',"
                + " at most 63 characters, starting and ending with a letter or digit)"),
        bad(
            "namespace too long",
            "[platform \"acme\"]\n  namespace = " + "a".repeat(64) + "\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: \"" + "a".repeat(64) + "\" is not a DNS-1123 label (lowercase letters,"
                + " digits and '-', at most 63 characters, starting and ending with a letter or digit)"),
        bad(
            "two platforms on one branch",
            ACME + CLUSTER + "[platform \"beta\"]\n  branch = platform/acme\n  namespace = b\n  cluster = prod\n",
            "platform.beta.branch: platform/acme is already the branch of platform acme"),
        bad(
            "two platforms in one namespace",
            ACME + CLUSTER + "[platform \"beta\"]\n  namespace = openedx-acme\n  cluster = prod\n",
            "platform.beta.namespace: openedx-acme is already the namespace of platform acme"),
        bad(
            "namespace reserved for Kubernetes",
            "[platform \"acme\"]\n  namespace = kube-system\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: \"kube-system\" is reserved for Kubernetes (default, kube-node-lease,"
                + " kube-public, kube-system and any kube-* namespace)"),
        bad(
            "the default namespace",
            "[platform \"acme\"]\n  namespace = default\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: \"default\" is reserved for Kubernetes (default, kube-node-lease,"
                + " kube-public, kube-system and any kube-* namespace)"),
        bad(
            "a namespace under kube-",
            "[platform \"acme\"]\n  namespace = kube-acme\n  cluster = prod\n" + CLUSTER,
            "platform.acme.namespace: \"kube-acme\" is reserved for Kubernetes (default, kube-node-lease,"
                + " kube-public, kube-system and any kube-* namespace)"),
        bad(
            "another platform's image prefix allowed",
            ACME + CLUSTER + "[platform \"beta\"]\n  namespace = openedx-beta\n  cluster = prod\n"
                + "  allowedImage = localhost:5000/acme/\n",
            "platform.beta.allowedImage: \"localhost:5000/acme/\" covers images of platform acme"
                + " (localhost:5000/acme/): a platform may use only its own images and shared ones"),
        bad(
            "a prefix covering every platform's images, whatever the host's case",
            ACME + CLUSTER + "[platform \"beta\"]\n  namespace = openedx-beta\n  cluster = prod\n"
                + "  allowedImage = LOCALHOST:5000/\n",
            "platform.beta.allowedImage: \"LOCALHOST:5000/\" covers images of platform acme"
                + " (localhost:5000/acme/): a platform may use only its own images and shared ones"),
        bad(
            "cluster not declared",
            "[platform \"acme\"]\n  namespace = openedx-acme\n  cluster = staging\n" + CLUSTER,
            "platform.acme.cluster: cluster \"staging\" is not declared (declared: prod)"),
        bad(
            "overlapping freezes",
            ACME + "  freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z\n  freeze = 2026-12-24T00:00Z/2026-12-26T00:00Z\n"
                + CLUSTER,
            "platform.acme.freeze: 2026-12-24T00:00Z/2026-12-26T00:00Z overlaps 2026-12-20T00:00Z/2027-01-05T00:00Z"),
        bad(
            "cluster without a server",
            ACME + "[cluster \"prod\"]\n  storageClass = cinder\n",
            "cluster.prod.server: missing (required)"),
        bad(
            "cluster server not https",
            ACME + "[cluster \"prod\"]\n  server = http://10.0.0.10:6443\n",
            "cluster.prod.server: \"http://10.0.0.10:6443\" is not an https:// URL"),
        bad(
            "DR cluster not declared",
            ACME + CLUSTER + "  drCluster = dr\n",
            "cluster.prod.drCluster: cluster \"dr\" is not declared (declared: prod)"),
        bad(
            "cluster that is its own DR cluster",
            ACME + CLUSTER + "  drCluster = prod\n",
            "cluster.prod.drCluster: a cluster cannot be its own DR cluster"),
        bad(
            "bad bucket",
            ACME + CLUSTER + BACKUP.replace("openedx-backups", "OpenEdx_Backups"),
            "backup.nightly.bucket: \"OpenEdx_Backups\" is not an S3 bucket name (3 to 63 lowercase letters,"
                + " digits, '.' and '-')"),
        bad(
            "backup without a credential secret",
            ACME + CLUSTER + BACKUP.replace("  credentialSecret = backup-s3\n", ""),
            "backup.nightly.credentialSecret: missing (required)"),
        bad(
            "backup endpoint not a URL",
            ACME + CLUSTER + BACKUP.replace("http://127.0.0.1:8082", "127.0.0.1:8082"),
            "backup.nightly.endpoint: \"127.0.0.1:8082\" is not an http:// or https:// URL"),
        bad(
            "a branch under another platform's branch",
            ACME + "[platform \"acme-eu\"]\n  branch = platform/acme/eu\n  namespace = openedx-acme-eu\n"
                + "  cluster = prod\n" + CLUSTER,
            "platform.acme-eu.branch: platform/acme/eu lies under platform/acme, the branch of platform acme (git"
                + " cannot hold a branch and branches below it)"),
        bad(
            "credentials in the cluster's server URL",
            ACME + CLUSTER.replace("https://10.0.0.10", "https://admin:canary-s3cret@10.0.0.10"),
            "cluster.prod.server: the URL holds credentials (user:password@): lanes.config is readable by every"
                + " reviewer; give credentials through the platform's secrets, never in the map"),
        bad(
            "credentials in the backup endpoint, even unparseable",
            ACME + CLUSTER + BACKUP.replace("http://127.0.0.1:8082", "http://AKIA:canary/s3cret@127.0.0.1:8082"),
            "backup.nightly.endpoint: the URL holds credentials (user:password@): lanes.config is readable by every"
                + " reviewer; give credentials through the platform's secrets, never in the map"),
        bad(
            "a huge namespace value is echoed cut",
            ACME.replace("openedx-acme", "x".repeat(200_000)) + CLUSTER,
            "platform.acme.namespace: \"" + "x".repeat(120) + "…\" (200000 characters) is not a DNS-1123 label"
                + " (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or"
                + " digit)"),
        bad(
            "a value with a newline and a terminal escape stays on one line",
            ACME + "  registry = \"evil\\n\u001b[31mhost\"\n" + CLUSTER,
            "platform.acme.registry: \"evil\\n\\u001b[31mhost\" is not a registry host[:port] (e.g. localhost:5000)"),
        bad(
            "a map larger than the limit",
            ACME + CLUSTER + "#" + "x".repeat(1024 * 1024),
            "lanes.config: too large: 1048690 characters, more than the limit of 1048576"),
        bad(
            "a binary file",
            ACME + "\u0000\u0001\u0002" + CLUSTER,
            "lanes.config: a binary file, not text (a NUL byte at character 62)"));
  }

  @Test
  @DisplayName("a map whose bytes are not UTF-8 is named as such")
  void invalidUtf8Refused() {
    byte[] bytes = (ACME + CLUSTER).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    bytes[10] = (byte) 0xC3;
    bytes[11] = (byte) 0x28;

    assertThat(PlatformMapReader.read(bytes).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("lanes.config: not valid UTF-8 text (an undecodable byte at character 10)");
  }

  @Test
  @DisplayName("allowedKind is read, repeatable")
  void allowedKindsRead() throws Exception {
    PlatformMap map =
        PlatformMapReader.read(
                ACME + "  allowedKind = cert-manager.io/Certificate\n  allowedKind = monitoring.coreos.com/ServiceMonitor\n"
                    + CLUSTER)
            .orThrow();

    assertThat(map.platform("acme").orElseThrow().allowedKinds())
        .containsExactly("cert-manager.io/Certificate", "monitoring.coreos.com/ServiceMonitor");
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"0 2 * * *", "*/15 * * * *", "0 0-6/2 1,15 JAN-jun ?", "30 4 * * sun", "0 0 1 12 7"})
  @DisplayName("cron schedules Kubernetes accepts are accepted")
  void validCronAccepted(String schedule) {
    assertThat(PlatformMapReader.cronProblem(schedule)).isEmpty();
  }

  @Test
  @DisplayName("an allowedImage beside another platform's prefix, not inside it, is fine")
  void neighbouringImagePrefixIsFine() {
    PlatformMapReader.Result result =
        PlatformMapReader.read(
            ACME + CLUSTER + "[platform \"beta\"]\n  namespace = openedx-beta\n  cluster = prod\n"
                + "  allowedImage = localhost:5000/acme-shared/\n  allowedImage = docker.io/library/redis:\n");

    assertThat(result.problems()).isEmpty();
  }

  @Test
  @DisplayName("a frozen platform without ownerGroup is valid, with a warning naming the key")
  void frozenWithoutOwnersWarns() {
    PlatformMapReader.Result result =
        PlatformMapReader.read(ACME + "  freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z\n" + CLUSTER);

    assertThat(result.problems()).isEmpty();
    assertThat(result.warnings())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "platform.acme.ownerGroup: not set on a frozen platform: only the project's owners (or Administrators)"
                + " can lift its freeze; name the platform's owners here");
    assertThat(PlatformMapReader.read(ACME + CLUSTER).warnings()).isEmpty();
  }

  private static Arguments bad(String what, String text, String problem) {
    return Arguments.of(what, text, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMaps")
  @DisplayName("a bad map is reported with the dotted key and an exact message")
  void reportsEachProblemExactly(String what, String text, String problem) {
    PlatformMapReader.Result result = PlatformMapReader.read(text);

    assertThat(result.problems()).extracting(ConfigProblem::toString).containsExactly(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          unknown key                                                                                   | namspace = x                                         | platform.acme.namspace: unknown key (known: branch, namespace, cluster, registry, ownerGroup, protected, freeze, allowedImage, allowedKind, backup)
          backup not declared                                                                           | backup = hourly                                      | platform.acme.backup: backup "hourly" is not declared (declared: none)
          branch outside platform/                                                                      | branch = main                                        | platform.acme.branch: "main" is outside platform/ (a platform branch is platform/<name>)
          branch that is only the prefix                                                                | branch = platform/                                   | platform.acme.branch: "platform/" is not a valid branch name under platform/
          malformed freeze                                                                              | freeze = 2026-12-20/2027-01-05                       | platform.acme.freeze: "2026-12-20/2027-01-05" is not an interval START/END of ISO-8601 instants (e.g. 2026-12-20T00:00Z/2027-01-05T00:00Z)
          freeze that ends before it starts                                                             | freeze = 2027-01-05T00:00Z/2026-12-20T00:00Z         | platform.acme.freeze: 2027-01-05T00:00Z/2026-12-20T00:00Z ends before it starts
          protected without owners                                                                      | protected = true                                     | platform.acme.ownerGroup: missing (required when protected = true)
          protected not a boolean                                                                       | protected = maybe                                    | platform.acme.protected: "maybe" is not a boolean (true or false)
          registry with a scheme                                                                        | registry = http://localhost:5000                     | platform.acme.registry: "http://localhost:5000" is not a registry host[:port] (e.g. localhost:5000)
          single key set twice                                                                          | namespace = other                                    | platform.acme.namespace: set 2 times (one value expected)
          allowedKind not group/Kind                                                                    | allowedKind = certificate                            | platform.acme.allowedKind: "certificate" is not group/Kind (an API group and a kind, e.g. cert-manager.io/Certificate)
          allowedKind in a Kubernetes API group (a VolumeSnapshot can bind another platform's snapshot) | allowedKind = snapshot.storage.k8s.io/VolumeSnapshot | platform.acme.allowedKind: "snapshot.storage.k8s.io/VolumeSnapshot" is in Kubernetes' own API group "snapshot.storage.k8s.io": allowedKind names custom resources; the lane policy alone decides built-in kinds
          allowedKind of a built-in group without a dot                                                 | allowedKind = apps/DaemonSet                         | platform.acme.allowedKind: "apps/DaemonSet" is in Kubernetes' own API group "apps": allowedKind names custom resources; the lane policy alone decides built-in kinds
          allowedKind of a known cluster-scoped custom resource                                         | allowedKind = cert-manager.io/ClusterIssuer          | platform.acme.allowedKind: "cert-manager.io/ClusterIssuer" is cluster-scoped: a platform may create only namespaced kinds
          """)
  @DisplayName("a bad key of a platform is reported with the dotted key and an exact message")
  void reportsEachBadPlatformKeyExactly(String what, String lines, String problem) {
    assertThat(PlatformMapReader.read(ACME + keyLines(lines) + CLUSTER).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          bad schedule                                        | schedule = every night                   | backup.nightly.schedule: "every night" is not a cron schedule: 2 fields, not five (e.g. 0 2 * * *)
          retention not positive                              | keep = 0                                 | backup.nightly.keep: "0" is not a positive integer
          RPO limit not a number                              | rpoHours = a day                         | backup.nightly.rpoHours: "a day" is not a positive integer
          backup of an unknown database                       | databases = mysql\\ndatabases = postgres | backup.nightly.databases: "postgres" is not a database the backup dumps (mysql, mongodb)
          backup's MySQL host not a DNS name                  | mysqlHost = my_sql                       | backup.nightly.mysqlHost: "my_sql" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')
          backup's MySQL port out of range                    | mysqlPort = 70000                        | backup.nightly.mysqlPort: 70000 is not a TCP port (1 to 65535)
          backup's encryption key not an environment variable | encryptionKeyEnv = backup-key            | backup.nightly.encryptionKeyEnv: "backup-key" is not an environment variable name (letters, digits and '_', not first a digit)
          backup's lock mode neither compliance nor governance | lockDays = 7\\nlockMode = legal-hold    | backup.nightly.lockMode: "legal-hold" is not a lock mode (compliance or governance)
          backup's lock days not a positive integer           | lockDays = 0                             | backup.nightly.lockDays: "0" is not a positive integer
          binlog interval over a minute                       | binlogSeconds = 90                       | backup.nightly.binlogSeconds: 90 is more than 60 (the binary log is shipped at least every minute)
          binlogs shipped without MySQL                       | databases = mongodb\\nbinlogSeconds = 20 | backup.nightly.binlogSeconds: ships MySQL's binary log, but databases leaves MySQL out
          cron minute out of range                            | schedule = 61 2 * * *                    | backup.nightly.schedule: "61 2 * * *" is not a cron schedule: minute "61": "61" is not a value from 0 to 59 (e.g. 0 2 * * *)
          cron weekday name unknown                           | schedule = 0 2 * * MON-FRX               | backup.nightly.schedule: "0 2 * * MON-FRX" is not a cron schedule: day of week "MON-FRX": "FRX" is not a value from 0 to 7 or a name (e.g. 0 2 * * *)
          cron step zero                                      | schedule = */0 * * * *                   | backup.nightly.schedule: "*/0 * * * *" is not a cron schedule: minute "*/0": the step after / must be a number from 1 to 59 (e.g. 0 2 * * *)
          cron range backwards                                | schedule = 0 2 31-1 * *                  | backup.nightly.schedule: "0 2 31-1 * *" is not a cron schedule: day of month "31-1": the range "31-1" ends before it starts (e.g. 0 2 * * *)
          """)
  @DisplayName("a bad key of a backup is reported with the dotted key and an exact message")
  void reportsEachBadBackupKeyExactly(String what, String lines, String problem) {
    assertThat(PlatformMapReader.read(ACME + CLUSTER + BACKUP + keyLines(lines)).problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(problem);
  }

  /** {@code key = value} lines, written {@code \n} apart in a table, as a section's indented lines. */
  private static String keyLines(String lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines.split("\\\\n")) {
      text.append("  ").append(line.trim()).append('\n');
    }
    return text.toString();
  }

  @Test
  @DisplayName("all problems are reported together: platforms, then clusters, then backups")
  void reportsAllProblemsTogether() {
    PlatformMapReader.Result result =
        PlatformMapReader.read(
            """
            [platform "acme"]
              namespace = Acme
              cluster = staging
              protected = true
            [platform "beta"]
              namespace = openedx-beta
              cluster = prod
              frezee = 2026-12-20T00:00Z/2027-01-05T00:00Z
            [cluster "prod"]
              server = 10.0.0.10
            """);

    assertThat(result.problems())
        .extracting(ConfigProblem::key)
        .containsExactly(
            "platform.acme.namespace",
            "platform.acme.cluster",
            "platform.acme.ownerGroup",
            "platform.beta.frezee",
            "cluster.prod.server");
    assertThatThrownBy(result::orThrow)
        .isInstanceOf(InvalidPlatformMapException.class)
        .hasMessageStartingWith("lanes.config has 5 problems:\nplatform.acme.namespace: ");
  }
}
