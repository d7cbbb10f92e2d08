package io.lanes.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
                java.util.Set.of("mysql"), "mysql.db.example.org", 3307, java.util.Optional.of("LANES_BACKUP_KEY")));
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
  @DisplayName("an empty file is an empty, valid map")
  void emptyFileIsEmptyMap() throws Exception {
    assertThat(PlatformMapReader.read("").orThrow().platforms()).isEmpty();
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
            "platfrom: unknown section (known: platform, cluster, backup)"),
        bad(
            "section without a name",
            ACME + CLUSTER + "[platform]\n  namespace = x\n",
            "platform: section needs a name, as in [platform \"name\"]"),
        bad(
            "unknown key",
            ACME + "  namspace = x\n" + CLUSTER,
            "platform.acme.namspace: unknown key (known: branch, namespace, cluster, registry, ownerGroup,"
                + " protected, freeze, allowedImage, backup)"),
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
            "backup not declared",
            ACME + "  backup = hourly\n" + CLUSTER,
            "platform.acme.backup: backup \"hourly\" is not declared (declared: none)"),
        bad(
            "branch outside platform/",
            ACME + "  branch = main\n" + CLUSTER,
            "platform.acme.branch: \"main\" is outside platform/ (a platform branch is platform/<name>)"),
        bad(
            "branch that is only the prefix",
            ACME + "  branch = platform/\n" + CLUSTER,
            "platform.acme.branch: \"platform/\" is not a valid branch name under platform/"),
        bad(
            "malformed freeze",
            ACME + "  freeze = 2026-12-20/2027-01-05\n" + CLUSTER,
            "platform.acme.freeze: \"2026-12-20/2027-01-05\" is not an interval START/END of ISO-8601 instants"
                + " (e.g. 2026-12-20T00:00Z/2027-01-05T00:00Z)"),
        bad(
            "freeze that ends before it starts",
            ACME + "  freeze = 2027-01-05T00:00Z/2026-12-20T00:00Z\n" + CLUSTER,
            "platform.acme.freeze: 2027-01-05T00:00Z/2026-12-20T00:00Z ends before it starts"),
        bad(
            "overlapping freezes",
            ACME + "  freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z\n  freeze = 2026-12-24T00:00Z/2026-12-26T00:00Z\n"
                + CLUSTER,
            "platform.acme.freeze: 2026-12-24T00:00Z/2026-12-26T00:00Z overlaps 2026-12-20T00:00Z/2027-01-05T00:00Z"),
        bad(
            "protected without owners",
            ACME + "  protected = true\n" + CLUSTER,
            "platform.acme.ownerGroup: missing (required when protected = true)"),
        bad(
            "protected not a boolean",
            ACME + "  protected = maybe\n" + CLUSTER,
            "platform.acme.protected: \"maybe\" is not a boolean (true or false)"),
        bad(
            "registry with a scheme",
            ACME + "  registry = http://localhost:5000\n" + CLUSTER,
            "platform.acme.registry: \"http://localhost:5000\" is not a registry host[:port] (e.g. localhost:5000)"),
        bad(
            "single key set twice",
            ACME + "  namespace = other\n" + CLUSTER,
            "platform.acme.namespace: set 2 times (one value expected)"),
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
            "bad schedule",
            ACME + CLUSTER + BACKUP + "  schedule = every night\n",
            "backup.nightly.schedule: \"every night\" is not a cron schedule (five fields, e.g. 0 2 * * *)"),
        bad(
            "retention not positive",
            ACME + CLUSTER + BACKUP + "  keep = 0\n",
            "backup.nightly.keep: \"0\" is not a positive integer"),
        bad(
            "RPO limit not a number",
            ACME + CLUSTER + BACKUP + "  rpoHours = a day\n",
            "backup.nightly.rpoHours: \"a day\" is not a positive integer"),
        bad(
            "backup without a credential secret",
            ACME + CLUSTER + BACKUP.replace("  credentialSecret = backup-s3\n", ""),
            "backup.nightly.credentialSecret: missing (required)"),
        bad(
            "backup of an unknown database",
            ACME + CLUSTER + BACKUP + "  databases = mysql\n  databases = postgres\n",
            "backup.nightly.databases: \"postgres\" is not a database the backup dumps (mysql, mongodb)"),
        bad(
            "backup's MySQL host not a DNS name",
            ACME + CLUSTER + BACKUP + "  mysqlHost = my_sql\n",
            "backup.nightly.mysqlHost: \"my_sql\" is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')"),
        bad(
            "backup's MySQL port out of range",
            ACME + CLUSTER + BACKUP + "  mysqlPort = 70000\n",
            "backup.nightly.mysqlPort: 70000 is not a TCP port (1 to 65535)"),
        bad(
            "backup's encryption key not an environment variable",
            ACME + CLUSTER + BACKUP + "  encryptionKeyEnv = backup-key\n",
            "backup.nightly.encryptionKeyEnv: \"backup-key\" is not an environment variable name (letters, digits and"
                + " '_', not first a digit)"),
        bad(
            "backup endpoint not a URL",
            ACME + CLUSTER + BACKUP.replace("http://127.0.0.1:8082", "127.0.0.1:8082"),
            "backup.nightly.endpoint: \"127.0.0.1:8082\" is not an http:// or https:// URL"));
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
