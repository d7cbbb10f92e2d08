package io.lanes.core.config;

/**
 * The platform map file, {@code lanes.config}: its name, sections, keys and defaults.
 *
 * <p>The file lives in the project's {@code refs/meta/config} and uses git-config syntax:
 *
 * <pre>
 * [platform "acme"]
 *     branch = platform/acme
 *     namespace = openedx-acme
 *     cluster = prod
 *     registry = localhost:5000
 *     ownerGroup = acme-maintainers
 *     protected = true
 *     freeze = 2026-12-20T00:00Z/2027-01-05T00:00Z
 *     allowedImage = docker.io/library/redis:
 *     allowedKind = cert-manager.io/Certificate
 *     backup = nightly
 * [cluster "prod"]
 *     server = https://10.0.0.10:6443
 *     drCluster = prod-dr
 *     storageClass = cinder
 * [backup "nightly"]
 *     endpoint = https://rgw.example.org
 *     bucket = openedx-backups
 *     schedule = 0 2 * * *
 *     keep = 7
 *     keepDays = 30
 *     rpoHours = 26
 *     credentialSecret = backup-s3
 * [preview "acme"]
 *     enabled = true
 *     namespace = {namespace}-c{change}
 *     lmsHost = learn.acme.example.org
 *     host = c{change}.preview.acme.example.org
 *     cpu = 4
 *     memory = 8Gi
 *     objects = 100
 *     ttlHours = 72
 * </pre>
 *
 * Every key has a constant here; keys are case-insensitive (git-config), section names are not.
 */
public final class LanesConfig {
  /** The file's name in {@code refs/meta/config}. */
  public static final String FILE_NAME = "lanes.config";

  /** The branch prefix every platform branch starts with. */
  public static final String PLATFORM_BRANCH_PREFIX = "platform/";

  /** {@code [platform "<name>"]}: one Open edX platform, its branch and its lane. */
  public static final String SECTION_PLATFORM = "platform";

  /** The platform's long-lived branch. Default {@code platform/<name>}; must start with {@code platform/}. */
  public static final String KEY_BRANCH = "branch";

  /** The Kubernetes namespace the platform deploys into. Required; a DNS-1123 label; one platform per namespace. */
  public static final String KEY_NAMESPACE = "namespace";

  /** The {@code [cluster]} the platform runs on. Required; must be declared. */
  public static final String KEY_CLUSTER = "cluster";

  /**
   * The image registry as {@code host[:port]}. Default {@value #DEFAULT_REGISTRY}, the registry Magnum
   * runs on every worker. The platform's images live under {@code <registry>/<platform>/}.
   */
  public static final String KEY_REGISTRY = "registry";

  /** The Gerrit group whose members approve changes to a protected platform. Required when protected. */
  public static final String KEY_OWNER_GROUP = "ownerGroup";

  /** Whether changes need an owner's approval to be submitted. Default {@code false}. */
  public static final String KEY_PROTECTED = "protected";

  /**
   * A freeze interval, {@code START/END} in ISO-8601 with an offset ({@code 2026-12-20T00:00Z/2027-01-05T00:00Z}).
   * Repeatable; intervals of one platform must not overlap. No submit while one covers now.
   */
  public static final String KEY_FREEZE = "freeze";

  /**
   * An image reference prefix allowed besides the platform's own registry prefix
   * ({@code docker.io/library/redis:}). Repeatable. Default: none.
   */
  public static final String KEY_ALLOWED_IMAGE = "allowedImage";

  /** The {@code [backup]} that protects the platform's databases. Optional; must be declared. */
  public static final String KEY_BACKUP = "backup";

  /**
   * A custom resource kind the platform's manifests may create besides the built-in namespaced kinds, as {@code
   * group/Kind} ({@code cert-manager.io/Certificate}). Repeatable. Default: none. The kind must be namespaced; kinds
   * of Kubernetes' own API groups ({@code *.k8s.io}, {@code apps}, {@code batch}...) cannot be named here.
   */
  public static final String KEY_ALLOWED_KIND = "allowedKind";

  /** {@code [cluster "<name>"]}: one Kubernetes cluster (a Magnum cluster). */
  public static final String SECTION_CLUSTER = "cluster";

  /** The cluster's API server, an {@code https://} URL. Required. */
  public static final String KEY_SERVER = "server";

  /** The cluster that takes over when this one is lost. Optional; must be declared and not the cluster itself. */
  public static final String KEY_DR_CLUSTER = "drCluster";

  /** The StorageClass for the platform's volumes. Default {@value #DEFAULT_STORAGE_CLASS} (Cinder CSI). */
  public static final String KEY_STORAGE_CLASS = "storageClass";

  /** {@code [backup "<name>"]}: where and when the databases are dumped (S3 on Ceph's object gateway). */
  public static final String SECTION_BACKUP = "backup";

  /** The S3 endpoint, an {@code http://} or {@code https://} URL. Required. */
  public static final String KEY_ENDPOINT = "endpoint";

  /** The S3 bucket. Required; 3 to 63 lowercase letters, digits, dots and hyphens. */
  public static final String KEY_BUCKET = "bucket";

  /** When the backup CronJob runs, five cron fields. Default {@value #DEFAULT_SCHEDULE}. */
  public static final String KEY_SCHEDULE = "schedule";

  /** How many complete backups to keep. Default {@value #DEFAULT_KEEP}. */
  public static final String KEY_KEEP = "keep";

  /** How many days a backup is kept (the newest is always kept). Default {@value #DEFAULT_KEEP_DAYS}. */
  public static final String KEY_KEEP_DAYS = "keepDays";

  /**
   * The recovery point objective: how old, in hours, the newest backup may be when a DR drill runs; an older one
   * fails the drill. Default {@value #DEFAULT_RPO_HOURS} (a nightly backup plus two hours of slack).
   */
  public static final String KEY_RPO_HOURS = "rpoHours";

  /**
   * The name of the Secret (in the platform's namespace, and the Zuul secret of the same name) that holds the S3
   * credentials. Required. Only the name appears here, never a credential.
   */
  public static final String KEY_CREDENTIAL_SECRET = "credentialSecret";

  /**
   * The databases the backup job dumps, one value per line: {@value #DATABASE_MYSQL} (Tutor's MySQL, at
   * {@link #KEY_MYSQL_HOST}) and {@value #DATABASE_MONGODB} (its URI from the Secret's {@code MONGODB_URI}). Default:
   * both. Render, deploy and {@code backup install} all read it here, so they cannot disagree.
   */
  public static final String KEY_DATABASES = "databases";

  /** The MySQL service the backup job dumps, a host name in the platform's namespace or a DNS name. */
  public static final String KEY_MYSQL_HOST = "mysqlHost";

  /** Its port. Default {@value #DEFAULT_MYSQL_PORT}. */
  public static final String KEY_MYSQL_PORT = "mysqlPort";

  /**
   * The key of the credential Secret that holds the age recipients (public keys, {@code age1...}, one per line) the
   * backup job encrypts to; the job reads it as the environment variable of that name. Optional: without it backups
   * are not encrypted. Only the key's name appears here.
   */
  public static final String KEY_ENCRYPTION_KEY_ENV = "encryptionKeyEnv";

  /**
   * Days every backup object stays locked (S3 Object Lock retention, counted from the backup's start): nobody can
   * delete or overwrite a locked version before then. Default {@value #DEFAULT_LOCK_DAYS}: not locked. The bucket
   * must have been created with object lock enabled.
   */
  public static final String KEY_LOCK_DAYS = "lockDays";

  /**
   * Seconds between two shipments of the platform's MySQL binary log to the backup bucket (1 to 60), for restores to
   * a point in time: a Deployment runs {@code zuul-steps backup binlogs --interval N}. Default {@value
   * #DEFAULT_BINLOG_SECONDS}: not shipped.
   */
  public static final String KEY_BINLOG_SECONDS = "binlogSeconds";

  /** Binary logs are not shipped unless asked. */
  public static final int DEFAULT_BINLOG_SECONDS = 0;

  /**
   * The S3 Object Lock mode of locked backups: {@value #LOCK_COMPLIANCE} (nobody, not even the bucket's owner, can
   * shorten or lift it; the default) or {@value #LOCK_GOVERNANCE} (a user with s3:BypassGovernanceRetention can).
   */
  public static final String KEY_LOCK_MODE = "lockMode";

  /**
   * {@code [preview "<platform>"]}: the preview platforms of a declared platform, one short-lived namespace per change
   * ({@code zuul-steps preview}). Without the section a platform gets no preview.
   */
  public static final String SECTION_PREVIEW = "preview";

  /** Whether changes of the platform may get a preview. Default {@code true} (the section's presence allows them). */
  public static final String KEY_ENABLED = "enabled";

  /**
   * (In {@code [preview]}.) The preview's namespace, a pattern of {@value #PLACEHOLDER_NAMESPACE} (the platform's
   * namespace), {@value #PLACEHOLDER_PLATFORM} and {@value #PLACEHOLDER_CHANGE} (the change number). Default
   * {@value #DEFAULT_PREVIEW_NAMESPACE}. It must start with {@code {namespace}-}, hold {@code {change}}, and give a
   * DNS-1123 label for any change number: the preview stays in its platform's lane.
   */
  public static final String KEY_PREVIEW_NAMESPACE = KEY_NAMESPACE;

  /**
   * The platform's own LMS host (Tutor's {@code LMS_HOST}), which a preview replaces, in every host that holds it
   * ({@code studio.<LMS_HOST>}, {@code apps.<LMS_HOST>}), by {@link #KEY_HOST}. Required.
   */
  public static final String KEY_LMS_HOST = "lmsHost";

  /** The preview's LMS host, a pattern holding {@value #PLACEHOLDER_CHANGE} ({@code c{change}.preview.example.org}). Required. */
  public static final String KEY_HOST = "host";

  /** The CPU all of a preview's containers may ask for and use together (a Kubernetes quantity). Default {@value #DEFAULT_PREVIEW_CPU}. */
  public static final String KEY_CPU = "cpu";

  /** The memory all of a preview's containers may ask for and use together. Default {@value #DEFAULT_PREVIEW_MEMORY}. */
  public static final String KEY_MEMORY = "memory";

  /** How many objects of each kind (Pods, Services, ConfigMaps, Secrets, volumes claims, ...) a preview may hold. Default {@value #DEFAULT_PREVIEW_OBJECTS}. */
  public static final String KEY_OBJECTS = "objects";

  /** Hours a preview lives after its last update; {@code preview down --expired} removes older ones. Default {@value #DEFAULT_PREVIEW_TTL_HOURS}. */
  public static final String KEY_TTL_HOURS = "ttlHours";

  /**
   * (In {@code [preview]}.) The memory of the preview's own MySQL (Tutor's {@code mysql} Deployment, when the platform
   * runs one): its container's request and limit. Default {@value #DEFAULT_PREVIEW_MYSQL_MEMORY}.
   */
  public static final String KEY_MYSQL_MEMORY = "mysqlMemory";

  /**
   * (In {@code [preview]}.) The size of the preview's MySQL volume claim (Tutor's {@code mysql}
   * PersistentVolumeClaim), never more than the platform's own. Default {@value #DEFAULT_PREVIEW_MYSQL_STORAGE}.
   */
  public static final String KEY_MYSQL_STORAGE = "mysqlStorage";

  /**
   * (In {@code [preview]}, any number of times.) What {@code preview up} seeds a new preview with, once: {@value
   * #SEED_DEMO_COURSE} (Tutor's {@code do importdemocourse}). Default none.
   */
  public static final String KEY_SEED = "seed";

  /** The seed that imports Open edX's demo course (Tutor's {@code importdemocourse} do job). */
  public static final String SEED_DEMO_COURSE = "demo-course";

  /** Every seed a preview knows, with the Tutor do job that makes it. */
  public static final java.util.Map<String, String> SEED_DO_JOBS = java.util.Map.of(SEED_DEMO_COURSE, "importdemocourse");

  public static final String PLACEHOLDER_NAMESPACE = "{namespace}";
  public static final String PLACEHOLDER_PLATFORM = "{platform}";
  public static final String PLACEHOLDER_CHANGE = "{change}";
  public static final String DEFAULT_PREVIEW_NAMESPACE = "{namespace}-c{change}";
  public static final String DEFAULT_PREVIEW_CPU = "4";
  public static final String DEFAULT_PREVIEW_MEMORY = "8Gi";
  public static final int DEFAULT_PREVIEW_OBJECTS = 100;
  public static final int DEFAULT_PREVIEW_TTL_HOURS = 72;
  public static final String DEFAULT_PREVIEW_MYSQL_MEMORY = "1Gi";
  public static final String DEFAULT_PREVIEW_MYSQL_STORAGE = "1Gi";

  public static final String LOCK_COMPLIANCE = "compliance";
  public static final String LOCK_GOVERNANCE = "governance";
  public static final int DEFAULT_LOCK_DAYS = 0;

  public static final String DATABASE_MYSQL = "mysql";
  public static final String DATABASE_MONGODB = "mongodb";

  public static final String DEFAULT_REGISTRY = "localhost:5000";
  public static final String DEFAULT_STORAGE_CLASS = "cinder";
  public static final String DEFAULT_SCHEDULE = "0 2 * * *";
  public static final int DEFAULT_KEEP = 7;
  public static final int DEFAULT_KEEP_DAYS = 30;
  public static final int DEFAULT_RPO_HOURS = 26;
  /** Tutor's MySQL service in the platform's namespace. */
  public static final String DEFAULT_MYSQL_HOST = "mysql";
  public static final int DEFAULT_MYSQL_PORT = 3306;

  private LanesConfig() {}
}
