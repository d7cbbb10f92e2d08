package io.lanes.core.config;

import static io.lanes.core.config.LanesConfig.*;

import io.lanes.core.policy.Kinds;
import io.lanes.core.text.Echo;
import io.lanes.core.text.InputText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * Reads and checks {@code lanes.config}. Every problem is collected, each naming its dotted key, so one run reports
 * them all. The only parser of the platform map: the Gerrit plugin and the steps both call it.
 */
public final class PlatformMapReader {
  private static final List<String> SECTIONS = List.of(SECTION_PLATFORM, SECTION_CLUSTER, SECTION_BACKUP, SECTION_PREVIEW);
  private static final List<String> PLATFORM_KEYS =
      List.of(
          KEY_BRANCH,
          KEY_NAMESPACE,
          KEY_CLUSTER,
          KEY_REGISTRY,
          KEY_OWNER_GROUP,
          KEY_PROTECTED,
          KEY_FREEZE,
          KEY_ALLOWED_IMAGE,
          KEY_ALLOWED_KIND,
          KEY_BACKUP);
  private static final List<String> CLUSTER_KEYS = List.of(KEY_SERVER, KEY_DR_CLUSTER, KEY_STORAGE_CLASS);
  private static final List<String> BACKUP_KEYS =
      List.of(
          KEY_ENDPOINT,
          KEY_BUCKET,
          KEY_SCHEDULE,
          KEY_KEEP,
          KEY_KEEP_DAYS,
          KEY_RPO_HOURS,
          KEY_CREDENTIAL_SECRET,
          KEY_DATABASES,
          KEY_MYSQL_HOST,
          KEY_MYSQL_PORT,
          KEY_ENCRYPTION_KEY_ENV,
          KEY_LOCK_DAYS,
          KEY_LOCK_MODE,
          KEY_BINLOG_SECONDS);
  private static final List<String> PREVIEW_KEYS =
      List.of(
          KEY_ENABLED, KEY_PREVIEW_NAMESPACE, KEY_LMS_HOST, KEY_HOST, KEY_CPU, KEY_MEMORY, KEY_OBJECTS, KEY_TTL_HOURS,
          KEY_MYSQL_MEMORY, KEY_MYSQL_STORAGE, KEY_SEED);
  /** A Kubernetes resource quantity as ResourceQuota accepts it: a decimal with an optional suffix. */
  private static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  /** The highest change number Gerrit gives (a Java int): patterns are checked with it. */
  private static final int LONGEST_CHANGE = Integer.MAX_VALUE;
  private static final List<String> DATABASES = List.of(DATABASE_MYSQL, DATABASE_MONGODB);

  private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]([-.A-Za-z0-9]*[A-Za-z0-9])?(:[0-9]{1,5})?");
  private static final Pattern BRANCH_REST = Pattern.compile("[a-z0-9]([-a-z0-9._/]*[a-z0-9])?");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern GROUP = Pattern.compile("\\S(.*\\S)?");
  private static final Pattern IMAGE_PREFIX = Pattern.compile("[^\\s]+");
  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");
  /** The fields of a cron schedule: name, lowest and highest value, and the names it accepts (index = value). */
  private static final List<CronField> CRON_FIELDS =
      List.of(
          new CronField("minute", 0, 59, List.of()),
          new CronField("hour", 0, 23, List.of()),
          new CronField("day of month", 1, 31, List.of()),
          new CronField(
              "month", 1, 12,
              List.of("", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
          new CronField("day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private static final String DNS_LABEL_RULE =
      "lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit";

  /**
   * Namespaces Kubernetes keeps for itself: no platform may deploy into one. Any other namespace starting with
   * {@value #RESERVED_NAMESPACE_PREFIX} is refused too (Kubernetes reserves the prefix for system namespaces).
   */
  public static final List<String> RESERVED_NAMESPACES =
      List.of("default", "kube-node-lease", "kube-public", "kube-system");

  /** The namespace prefix Kubernetes reserves for its own namespaces. */
  public static final String RESERVED_NAMESPACE_PREFIX = "kube-";

  /**
   * The map with the problems found while reading it; the map is partial when there are problems.
   *
   * @param warnings what is valid but probably not meant (a frozen platform without an owner group), same form
   */
  public record Result(PlatformMap map, List<ConfigProblem> problems, List<ConfigProblem> warnings) {
    public Result {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public Result(PlatformMap map, List<ConfigProblem> problems) {
      this(map, problems, List.of());
    }

    /** The map, or every problem at once. */
    public PlatformMap orThrow() throws InvalidPlatformMapException {
      if (!problems.isEmpty()) {
        throw new InvalidPlatformMapException(problems);
      }
      return map;
    }
  }

  private PlatformMapReader() {}

  /**
   * Reads the map from the bytes of {@code lanes.config}: like {@link #read(String)}, and bytes that are not UTF-8
   * are a problem naming the file.
   */
  public static Result read(byte[] bytes) {
    return read(InputText.decode(bytes));
  }

  /**
   * Reads the map from the text of a {@code lanes.config} file. A text larger than {@link
   * InputText#MAX_CONFIG_CHARACTERS}, binary or not UTF-8 is one problem naming the file, and the text is not parsed.
   * A file that declares no platform is a problem too (an empty map closes every platform branch); a project without
   * the file at all is read with {@link #read(Config)}, as an empty map.
   */
  public static Result read(String text) {
    Optional<String> input = InputText.problem(text, InputText.MAX_CONFIG_CHARACTERS);
    if (input.isPresent()) {
      return new Result(PlatformMap.empty(), List.of(new ConfigProblem(FILE_NAME, input.get())));
    }
    Config config = new Config();
    try {
      config.fromText(text);
    } catch (ConfigInvalidException e) {
      return new Result(
          PlatformMap.empty(),
          List.of(new ConfigProblem(FILE_NAME, "cannot parse: " + oneLine(String.valueOf(e.getMessage())))));
    }
    Result result = read(config);
    if (!config.getSubsections(SECTION_PLATFORM).isEmpty()) {
      return result;
    }
    List<ConfigProblem> problems = new ArrayList<>(result.problems());
    problems.add(
        new ConfigProblem(FILE_NAME, "declares no platform (a map needs at least one [platform \"<name>\"] section)"));
    return new Result(result.map(), problems);
  }

  /** Reads the map from a parsed {@code lanes.config}; a config without sections is an empty, valid map. */
  public static Result read(Config config) {
    return new Reading(config).read();
  }

  /** One pass over one config; collects problems as it goes. */
  private static final class Reading {
    private final Config config;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final Set<String> clusterNames;
    private final Set<String> backupNames;
    /** Which platform claimed a branch or a namespace first, valid or not, so duplicates are always named. */
    private final Map<String, String> branchOwners = new LinkedHashMap<>();
    private final Map<String, String> namespaceOwners = new LinkedHashMap<>();

    Reading(Config config) {
      this.config = config;
      this.clusterNames = config.getSubsections(SECTION_CLUSTER);
      this.backupNames = config.getSubsections(SECTION_BACKUP);
    }

    Result read() {
      for (String section : config.getSections()) {
        if (SECTIONS.stream().noneMatch(s -> s.equals(section))) {
          problem(section, "unknown section (known: " + String.join(", ", SECTIONS) + ")");
        } else if (!config.getNames(section).isEmpty()) {
          problem(section, "section needs a name, as in [" + section + " \"name\"]");
        }
      }
      Map<String, Platform> platforms = new LinkedHashMap<>();
      for (String name : config.getSubsections(SECTION_PLATFORM)) {
        platform(name).ifPresent(p -> platforms.put(name, p));
      }
      checkImagePrefixes();
      Map<String, Cluster> clusters = new LinkedHashMap<>();
      for (String name : clusterNames) {
        cluster(name).ifPresent(c -> clusters.put(name, c));
      }
      Map<String, Backup> backups = new LinkedHashMap<>();
      for (String name : backupNames) {
        backup(name).ifPresent(b -> backups.put(name, b));
      }
      checkBranchPrefixes();
      Map<String, PreviewSettings> previews = new LinkedHashMap<>();
      for (String name : config.getSubsections(SECTION_PREVIEW)) {
        preview(name, platforms).ifPresent(p -> previews.put(name, p));
      }
      return new Result(new PlatformMap(platforms, clusters, backups, previews), problems, warnings);
    }

    /**
     * No platform may use another platform's images: an {@code allowedImage} prefix that covers part of another
     * platform's {@code <registry>/<name>/}, or lies inside it, would let one platform run images only the other's
     * pipeline may push. Registry hosts compare without case, as registries resolve them. Every platform's keys are
     * read here, valid or not, so the overlap is named even when the other platform has problems of its own.
     */
    private void checkImagePrefixes() {
      Map<String, String> prefixes = new LinkedHashMap<>();
      for (String name : config.getSubsections(SECTION_PLATFORM)) {
        String[] registries = config.getStringList(SECTION_PLATFORM, name, KEY_REGISTRY);
        String registry = registries.length == 0 || registries[registries.length - 1] == null
            ? DEFAULT_REGISTRY
            : registries[registries.length - 1].trim();
        prefixes.put(name, (registry + "/" + name + "/").toLowerCase(Locale.ROOT));
      }
      for (String name : config.getSubsections(SECTION_PLATFORM)) {
        for (String image : config.getStringList(SECTION_PLATFORM, name, KEY_ALLOWED_IMAGE)) {
          if (image == null || image.isBlank()) {
            continue;
          }
          String allowed = image.trim().toLowerCase(Locale.ROOT);
          prefixes.forEach(
              (other, prefix) -> {
                if (!other.equals(name) && (prefix.startsWith(allowed) || allowed.startsWith(prefix))) {
                  problem(
                      SECTION_PLATFORM + "." + name + "." + KEY_ALLOWED_IMAGE,
                      quote(image.trim()) + " covers images of platform " + other + " (" + prefix
                          + "): a platform may use only its own images and shared ones");
                }
              });
        }
      }
    }

    private Optional<Platform> platform(String name) {
      int before = problems.size();
      Keys keys = new Keys(SECTION_PLATFORM, name, PLATFORM_KEYS);
      checkName(keys, name);
      Optional<String> explicitBranch = keys.single(KEY_BRANCH);
      explicitBranch.ifPresent(b -> checkBranch(keys, b));
      String branch = explicitBranch.orElse(PLATFORM_BRANCH_PREFIX + name);
      Optional<String> namespace = keys.required(KEY_NAMESPACE);
      namespace.ifPresent(ns -> checkDnsLabel(keys, KEY_NAMESPACE, ns));
      namespace
          .filter(ns -> RESERVED_NAMESPACES.contains(ns) || ns.startsWith(RESERVED_NAMESPACE_PREFIX))
          .ifPresent(
              ns ->
                  keys.problem(
                      KEY_NAMESPACE,
                      quote(ns) + " is reserved for Kubernetes (" + String.join(", ", RESERVED_NAMESPACES)
                          + " and any " + RESERVED_NAMESPACE_PREFIX + "* namespace)"));
      Optional<String> cluster = keys.required(KEY_CLUSTER);
      cluster.ifPresent(c -> checkReference(keys, KEY_CLUSTER, SECTION_CLUSTER, c, clusterNames));
      String registry = keys.single(KEY_REGISTRY).orElse(DEFAULT_REGISTRY);
      if (!REGISTRY.matcher(registry).matches()) {
        keys.problem(KEY_REGISTRY, quote(registry) + " is not a registry host[:port] (e.g. localhost:5000)");
      }
      Optional<String> ownerGroup = keys.single(KEY_OWNER_GROUP);
      ownerGroup
          .filter(g -> !GROUP.matcher(g).matches())
          .ifPresent(g -> keys.problem(KEY_OWNER_GROUP, "must not be blank"));
      boolean isProtected = keys.bool(KEY_PROTECTED, false);
      if (isProtected && ownerGroup.isEmpty()) {
        keys.problem(KEY_OWNER_GROUP, "missing (required when protected = true)");
      }
      List<FreezeInterval> freezes = freezes(keys);
      if (!freezes.isEmpty() && ownerGroup.isEmpty()) {
        keys.warning(
            KEY_OWNER_GROUP,
            "not set on a frozen platform: only the project's owners (or Administrators) can lift its freeze;"
                + " name the platform's owners here");
      }
      List<String> allowedImages = keys.list(KEY_ALLOWED_IMAGE);
      for (String image : allowedImages) {
        if (!IMAGE_PREFIX.matcher(image).matches()) {
          keys.problem(KEY_ALLOWED_IMAGE, quote(image) + " is not an image reference prefix");
        }
      }
      List<String> allowedKinds = keys.list(KEY_ALLOWED_KIND).stream().map(k -> k == null ? "" : k.trim()).toList();
      allowedKinds.forEach(kind -> checkAllowedKind(keys, kind));
      Optional<String> backup = keys.single(KEY_BACKUP);
      backup.ifPresent(b -> checkReference(keys, KEY_BACKUP, SECTION_BACKUP, b, backupNames));
      String branchOwner = branchOwners.putIfAbsent(branch, name);
      if (branchOwner != null) {
        keys.problem(KEY_BRANCH, branch + " is already the branch of platform " + branchOwner);
      }
      namespace.ifPresent(
          ns -> {
            String namespaceOwner = namespaceOwners.putIfAbsent(ns, name);
            if (namespaceOwner != null) {
              keys.problem(KEY_NAMESPACE, ns + " is already the namespace of platform " + namespaceOwner);
            }
          });
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          new Platform(
              name,
              branch,
              namespace.get(),
              cluster.get(),
              registry,
              ownerGroup,
              isProtected,
              freezes,
              allowedImages,
              backup,
              allowedKinds));
    }

    private Optional<Cluster> cluster(String name) {
      int before = problems.size();
      Keys keys = new Keys(SECTION_CLUSTER, name, CLUSTER_KEYS);
      checkName(keys, name);
      Optional<String> server = keys.required(KEY_SERVER);
      server.ifPresent(s -> checkUrl(keys, KEY_SERVER, s, List.of("https")));
      Optional<String> drCluster = keys.single(KEY_DR_CLUSTER);
      drCluster.ifPresent(
          dr -> {
            if (dr.equals(name)) {
              keys.problem(KEY_DR_CLUSTER, "a cluster cannot be its own DR cluster");
            } else {
              checkReference(keys, KEY_DR_CLUSTER, SECTION_CLUSTER, dr, clusterNames);
            }
          });
      String storageClass = keys.single(KEY_STORAGE_CLASS).orElse(DEFAULT_STORAGE_CLASS);
      checkDnsSubdomain(keys, KEY_STORAGE_CLASS, storageClass);
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(new Cluster(name, server.get(), drCluster, storageClass));
    }

    private Optional<Backup> backup(String name) {
      int before = problems.size();
      Keys keys = new Keys(SECTION_BACKUP, name, BACKUP_KEYS);
      checkName(keys, name);
      Optional<String> endpoint = keys.required(KEY_ENDPOINT);
      endpoint.ifPresent(e -> checkUrl(keys, KEY_ENDPOINT, e, List.of("http", "https")));
      Optional<String> bucket = keys.required(KEY_BUCKET);
      bucket
          .filter(b -> !BUCKET.matcher(b).matches())
          .ifPresent(
              b ->
                  keys.problem(
                      KEY_BUCKET,
                      quote(b) + " is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')"));
      String schedule = keys.single(KEY_SCHEDULE).orElse(DEFAULT_SCHEDULE);
      cronProblem(schedule)
          .ifPresent(
              why ->
                  keys.problem(
                      KEY_SCHEDULE, quote(schedule) + " is not a cron schedule: " + why + " (e.g. 0 2 * * *)"));
      int keep = keys.positiveInt(KEY_KEEP, DEFAULT_KEEP);
      int keepDays = keys.positiveInt(KEY_KEEP_DAYS, DEFAULT_KEEP_DAYS);
      int rpoHours = keys.positiveInt(KEY_RPO_HOURS, DEFAULT_RPO_HOURS);
      Optional<String> secret = keys.required(KEY_CREDENTIAL_SECRET);
      secret.ifPresent(s -> checkDnsSubdomain(keys, KEY_CREDENTIAL_SECRET, s));
      Set<String> databases = new LinkedHashSet<>();
      for (String database : keys.list(KEY_DATABASES)) {
        String value = database == null ? "" : database.trim();
        if (DATABASES.contains(value)) {
          databases.add(value);
        } else {
          keys.problem(
              KEY_DATABASES,
              quote(value) + " is not a database the backup dumps (" + String.join(", ", DATABASES) + ")");
        }
      }
      if (databases.isEmpty()) {
        databases.addAll(DATABASES);
      }
      String mysqlHost = keys.single(KEY_MYSQL_HOST).orElse(DEFAULT_MYSQL_HOST);
      checkDnsSubdomain(keys, KEY_MYSQL_HOST, mysqlHost);
      int mysqlPort = keys.positiveInt(KEY_MYSQL_PORT, DEFAULT_MYSQL_PORT);
      if (mysqlPort > 65535) {
        keys.problem(KEY_MYSQL_PORT, mysqlPort + " is not a TCP port (1 to 65535)");
      }
      Optional<String> encryptionKeyEnv = keys.single(KEY_ENCRYPTION_KEY_ENV);
      encryptionKeyEnv.ifPresent(v -> checkEnvironmentVariable(keys, KEY_ENCRYPTION_KEY_ENV, v));
      int lockDays = keys.positiveInt(KEY_LOCK_DAYS, DEFAULT_LOCK_DAYS);
      String lockMode = keys.single(KEY_LOCK_MODE).orElse(LOCK_COMPLIANCE);
      if (!lockMode.equals(LOCK_COMPLIANCE) && !lockMode.equals(LOCK_GOVERNANCE)) {
        keys.problem(KEY_LOCK_MODE, quote(lockMode) + " is not a lock mode (" + LOCK_COMPLIANCE + " or " + LOCK_GOVERNANCE + ")");
      }
      int binlogSeconds = keys.positiveInt(KEY_BINLOG_SECONDS, DEFAULT_BINLOG_SECONDS);
      if (binlogSeconds > 60) {
        keys.problem(KEY_BINLOG_SECONDS, binlogSeconds + " is more than 60 (the binary log is shipped at least every minute)");
      }
      if (binlogSeconds > 0 && !databases.contains(DATABASE_MYSQL)) {
        keys.problem(KEY_BINLOG_SECONDS, "ships MySQL's binary log, but databases leaves MySQL out");
      }
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          new Backup(
              name, endpoint.get(), bucket.get(), schedule, keep, keepDays, rpoHours, secret.get(), databases,
              mysqlHost, mysqlPort, encryptionKeyEnv, lockDays, lockMode, binlogSeconds));
    }

    /**
     * The previews of platform {@code name}: the section is named after a declared platform, its namespace pattern
     * stays in that platform's lane (below its namespace, one namespace per change, a DNS label for any change
     * number, never another platform's namespace) and its quota is made of Kubernetes quantities.
     */
    private Optional<PreviewSettings> preview(String name, Map<String, Platform> platforms) {
      int before = problems.size();
      Keys keys = new Keys(SECTION_PREVIEW, name, PREVIEW_KEYS);
      if (!config.getSubsections(SECTION_PLATFORM).contains(name)) {
        Set<String> declared = config.getSubsections(SECTION_PLATFORM);
        problem(
            keys.prefix,
            "platform " + quote(name) + " is not declared (a [preview] section is named after its platform; declared: "
                + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")");
        return Optional.empty();
      }
      boolean enabled = keys.bool(KEY_ENABLED, true);
      String pattern = keys.single(KEY_PREVIEW_NAMESPACE).orElse(DEFAULT_PREVIEW_NAMESPACE);
      Optional<String> lmsHost = keys.required(KEY_LMS_HOST);
      lmsHost.ifPresent(h -> checkDnsSubdomain(keys, KEY_LMS_HOST, h));
      Optional<String> host = keys.required(KEY_HOST);
      String cpu = keys.single(KEY_CPU).orElse(DEFAULT_PREVIEW_CPU);
      checkQuantity(keys, KEY_CPU, cpu);
      String memory = keys.single(KEY_MEMORY).orElse(DEFAULT_PREVIEW_MEMORY);
      checkQuantity(keys, KEY_MEMORY, memory);
      int objects = keys.positiveInt(KEY_OBJECTS, DEFAULT_PREVIEW_OBJECTS);
      int ttlHours = keys.positiveInt(KEY_TTL_HOURS, DEFAULT_PREVIEW_TTL_HOURS);
      String mysqlMemory = keys.single(KEY_MYSQL_MEMORY).orElse(DEFAULT_PREVIEW_MYSQL_MEMORY);
      checkQuantity(keys, KEY_MYSQL_MEMORY, mysqlMemory);
      String mysqlStorage = keys.single(KEY_MYSQL_STORAGE).orElse(DEFAULT_PREVIEW_MYSQL_STORAGE);
      checkQuantity(keys, KEY_MYSQL_STORAGE, mysqlStorage);
      List<String> seeds = new ArrayList<>();
      for (String seed : keys.list(KEY_SEED)) {
        if (!SEED_DO_JOBS.containsKey(seed)) {
          keys.problem(
              KEY_SEED, quote(seed) + " is not a seed (known: " + String.join(", ", new java.util.TreeSet<>(SEED_DO_JOBS.keySet())) + ")");
        } else if (!seeds.contains(seed)) {
          seeds.add(seed);
        }
      }
      Platform owner = platforms.get(name);
      if (owner == null) {
        // the platform has problems of its own, reported there: its namespace is unknown
        return Optional.empty();
      }
      checkPreviewNamespace(keys, owner, pattern, platforms);
      host.ifPresent(h -> checkPreviewHost(keys, owner, h));
      if (problems.size() > before) {
        return Optional.empty();
      }
      return Optional.of(
          new PreviewSettings(
              name, enabled, pattern, lmsHost.get(), host.get(), cpu, memory, objects,
              java.time.Duration.ofHours(ttlHours), mysqlMemory, mysqlStorage, List.copyOf(seeds)));
    }

    private void checkPreviewNamespace(Keys keys, Platform owner, String pattern, Map<String, Platform> platforms) {
      String start = PLACEHOLDER_NAMESPACE + "-";
      if (!pattern.startsWith(start)) {
        keys.problem(
            KEY_PREVIEW_NAMESPACE,
            quote(pattern) + " does not start with " + start + ": a preview namespace lies below its platform's"
                + " namespace (" + owner.namespace() + "-...), in the platform's lane");
        return;
      }
      if (!pattern.contains(PLACEHOLDER_CHANGE)) {
        keys.problem(
            KEY_PREVIEW_NAMESPACE, quote(pattern) + " does not hold " + PLACEHOLDER_CHANGE + ": each change needs its own namespace");
        return;
      }
      String rest = pattern.substring(start.length())
          .replace(PLACEHOLDER_CHANGE, "").replace(PLACEHOLDER_PLATFORM, "").replace(PLACEHOLDER_NAMESPACE, "");
      if (rest.contains("{") || rest.contains("}")) {
        keys.problem(
            KEY_PREVIEW_NAMESPACE,
            quote(pattern) + " holds an unknown placeholder (known: " + PLACEHOLDER_NAMESPACE + ", "
                + PLACEHOLDER_PLATFORM + ", " + PLACEHOLDER_CHANGE + ")");
        return;
      }
      String longest = PreviewSettings.expand(pattern, owner, LONGEST_CHANGE);
      if (!DNS_LABEL.matcher(longest).matches()) {
        keys.problem(
            KEY_PREVIEW_NAMESPACE,
            quote(pattern) + " gives " + quote(longest) + " for change " + LONGEST_CHANGE + ", not a DNS-1123 label ("
                + DNS_LABEL_RULE + ")");
        return;
      }
      PreviewSettings probe = new PreviewSettings(
          owner.name(), true, pattern, "", "", "", "", 1, java.time.Duration.ZERO, "", "", List.of());
      for (Platform other : platforms.values()) {
        if (probe.change(owner, other.namespace()).isPresent()) {
          keys.problem(
              KEY_PREVIEW_NAMESPACE,
              quote(pattern) + " gives " + other.namespace() + ", the namespace of platform " + other.name()
                  + ": a preview never shares a platform's namespace");
        }
      }
    }

    private void checkPreviewHost(Keys keys, Platform owner, String pattern) {
      if (!pattern.contains(PLACEHOLDER_CHANGE)) {
        keys.problem(KEY_HOST, quote(pattern) + " does not hold " + PLACEHOLDER_CHANGE + ": each change needs its own host");
        return;
      }
      String longest = PreviewSettings.expand(pattern, owner, LONGEST_CHANGE);
      if (!DNS_SUBDOMAIN.matcher(longest).matches()) {
        keys.problem(
            KEY_HOST,
            quote(pattern) + " gives " + quote(longest) + ", not a DNS-1123 subdomain (lowercase letters, digits, '-'"
                + " and '.'; known placeholders: " + PLACEHOLDER_NAMESPACE + ", " + PLACEHOLDER_PLATFORM + ", "
                + PLACEHOLDER_CHANGE + ")");
      }
    }

    private void checkQuantity(Keys keys, String key, String value) {
      if (!QUANTITY.matcher(value).matches()) {
        keys.problem(key, quote(value) + " is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)");
      }
    }

    private List<FreezeInterval> freezes(Keys keys) {
      List<FreezeInterval> freezes = new ArrayList<>();
      for (String text : keys.list(KEY_FREEZE)) {
        Optional<FreezeInterval> parsed = FreezeInterval.parse(text);
        if (parsed.isEmpty()) {
          keys.problem(
              KEY_FREEZE,
              quote(text)
                  + " is not an interval START/END of ISO-8601 instants (e.g. 2026-12-20T00:00Z/2027-01-05T00:00Z)");
          continue;
        }
        FreezeInterval freeze = parsed.get();
        if (!freeze.end().isAfter(freeze.start())) {
          keys.problem(KEY_FREEZE, freeze + " ends before it starts");
          continue;
        }
        freezes.stream()
            .filter(freeze::overlaps)
            .findFirst()
            .ifPresent(other -> keys.problem(KEY_FREEZE, freeze + " overlaps " + other));
        freezes.add(freeze);
      }
      return freezes;
    }

    private void checkName(Keys keys, String name) {
      if (!DNS_LABEL.matcher(name).matches()) {
        problem(keys.prefix, "name must be a DNS-1123 label (" + DNS_LABEL_RULE + ")");
      }
    }

    private void checkBranch(Keys keys, String branch) {
      if (!branch.startsWith(PLATFORM_BRANCH_PREFIX)) {
        keys.problem(KEY_BRANCH, quote(branch) + " is outside " + PLATFORM_BRANCH_PREFIX
            + " (a platform branch is " + PLATFORM_BRANCH_PREFIX + "<name>)");
      } else if (!BRANCH_REST.matcher(branch.substring(PLATFORM_BRANCH_PREFIX.length())).matches()) {
        keys.problem(KEY_BRANCH, quote(branch) + " is not a valid branch name under " + PLATFORM_BRANCH_PREFIX);
      }
    }

    private void checkDnsLabel(Keys keys, String key, String value) {
      if (!DNS_LABEL.matcher(value).matches()) {
        keys.problem(key, quote(value) + " is not a DNS-1123 label (" + DNS_LABEL_RULE + ")");
      }
    }

    private void checkDnsSubdomain(Keys keys, String key, String value) {
      if (!DNS_SUBDOMAIN.matcher(value).matches()) {
        keys.problem(key, quote(value) + " is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')");
      }
    }

    private void checkEnvironmentVariable(Keys keys, String key, String value) {
      if (!ENVIRONMENT_VARIABLE.matcher(value).matches()) {
        keys.problem(
            key, quote(value) + " is not an environment variable name (letters, digits and '_', not first a digit)");
      }
    }

    private void checkReference(Keys keys, String key, String section, String value, Set<String> declared) {
      if (!declared.contains(value)) {
        keys.problem(
            key,
            section + " " + quote(value) + " is not declared (declared: "
                + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")");
      }
    }

    private void checkUrl(Keys keys, String key, String value, List<String> schemes) {
      String expected = String.join(" or ", schemes.stream().map(s -> s + "://").toList());
      if (hasUserInfo(value)) {
        // the value is not echoed: it holds a credential
        keys.problem(
            key, "the URL holds credentials (user:password@): lanes.config is readable by every reviewer; give"
                + " credentials through the platform's secrets, never in the map");
        return;
      }
      try {
        URI uri = new URI(value);
        if (uri.getScheme() != null && schemes.contains(uri.getScheme()) && uri.getHost() != null) {
          return;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      keys.problem(key, quote(value) + " is not an " + expected + " URL");
    }

    /**
     * A key may name a custom resource kind as {@code group/Kind}; not one of Kubernetes' own groups (the built-in
     * list decides those) nor a kind Lanes knows as cluster-scoped.
     */
    private void checkAllowedKind(Keys keys, String value) {
      Kinds.GroupKind kind = Kinds.GroupKind.parse(value);
      if (!DNS_SUBDOMAIN.matcher(kind.group()).matches() || !KIND.matcher(kind.kind()).matches()) {
        keys.problem(
            KEY_ALLOWED_KIND,
            quote(value) + " is not group/Kind (an API group and a kind, e.g. cert-manager.io/Certificate)");
      } else if (Kinds.isKubernetesGroup(kind.group())) {
        keys.problem(
            KEY_ALLOWED_KIND,
            quote(value) + " is in Kubernetes' own API group " + quote(kind.group())
                + ": allowedKind names custom resources; the lane policy alone decides built-in kinds");
      } else if (Kinds.isKnownClusterScoped(kind)) {
        keys.problem(KEY_ALLOWED_KIND, quote(value) + " is cluster-scoped: a platform may create only namespaced kinds");
      }
    }

    /**
     * Two platform branches where one is a prefix of the other's path ({@code platform/acme} and {@code
     * platform/acme/eu}) cannot both exist in git: the first would have to be a file and a directory of refs.
     */
    private void checkBranchPrefixes() {
      for (Map.Entry<String, String> branch : branchOwners.entrySet()) {
        for (Map.Entry<String, String> other : branchOwners.entrySet()) {
          if (other.getKey().startsWith(branch.getKey() + "/")) {
            problem(
                SECTION_PLATFORM + "." + other.getValue() + "." + KEY_BRANCH,
                other.getKey() + " lies under " + branch.getKey() + ", the branch of platform " + branch.getValue()
                    + " (git cannot hold a branch and branches below it)");
          }
        }
      }
    }

    private void problem(String key, String message) {
      problems.add(new ConfigProblem(key, message));
    }

    /** The keys of one named section: checks for unknown keys up front, then reads values. */
    private final class Keys {
      final String section;
      final String name;
      final String prefix;

      Keys(String section, String name, List<String> known) {
        this.section = section;
        this.name = name;
        this.prefix = section + "." + name;
        for (String key : config.getNames(section, name)) {
          if (known.stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
            Reading.this.problem(prefix + "." + key, "unknown key (known: " + String.join(", ", known) + ")");
          }
        }
      }

      void problem(String key, String message) {
        Reading.this.problem(prefix + "." + key, message);
      }

      void warning(String key, String message) {
        warnings.add(new ConfigProblem(prefix + "." + key, message));
      }

      List<String> list(String key) {
        return Arrays.asList(config.getStringList(section, name, key));
      }

      Optional<String> single(String key) {
        List<String> values = list(key);
        if (values.size() > 1) {
          problem(key, "set " + values.size() + " times (one value expected)");
        }
        if (values.isEmpty()) {
          return Optional.empty();
        }
        String value = values.get(values.size() - 1);
        return Optional.of(value == null ? "" : value.trim());
      }

      Optional<String> required(String key) {
        Optional<String> value = single(key);
        if (value.isEmpty() || value.get().isEmpty()) {
          problem(key, "missing (required)");
          return Optional.empty();
        }
        return value;
      }

      boolean bool(String key, boolean fallback) {
        Optional<String> value = single(key);
        if (value.isEmpty()) {
          return fallback;
        }
        try {
          return config.getBoolean(section, name, key, fallback);
        } catch (IllegalArgumentException e) {
          problem(key, quote(value.get()) + " is not a boolean (true or false)");
          return fallback;
        }
      }

      int positiveInt(String key, int fallback) {
        Optional<String> value = single(key);
        if (value.isEmpty()) {
          return fallback;
        }
        try {
          int parsed = Integer.parseInt(value.get());
          if (parsed > 0) {
            return parsed;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        problem(key, quote(value.get()) + " is not a positive integer");
        return fallback;
      }
    }
  }

  private static String quote(String value) {
    return Echo.quote(value);
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /**
   * Whether {@code url} may hold credentials: any {@code @}, as in {@code http://user:pass@host}, well-formed or not
   * ({@code http://user:pa/ss@host} too). The map's URLs never need one.
   */
  static boolean hasUserInfo(String url) {
    return url.indexOf('@') >= 0;
  }

  /** One field of a cron schedule. */
  private record CronField(String name, int min, int max, List<String> names) {}

  /**
   * Why {@code schedule} is not a schedule Kubernetes' CronJob accepts (five fields; numbers in each field's range,
   * {@code *}, {@code a-b}, {@code /step}, lists, month and weekday names, {@code ?} for the days), or empty.
   */
  static Optional<String> cronProblem(String schedule) {
    String[] fields = schedule.trim().split("\\s+");
    if (fields.length != 5) {
      return Optional.of(fields.length + " fields, not five");
    }
    for (int i = 0; i < 5; i++) {
      CronField field = CRON_FIELDS.get(i);
      for (String part : fields[i].split(",", -1)) {
        Optional<String> problem = cronPart(field, part);
        if (problem.isPresent()) {
          return Optional.of(field.name() + " " + Echo.quote(fields[i]) + ": " + problem.get());
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> cronPart(CronField field, String part) {
    String range = part;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      OptionalInt step = number(part.substring(slash + 1), List.of());
      if (step.isEmpty() || step.getAsInt() < 1 || step.getAsInt() > field.max()) {
        return Optional.of("the step after / must be a number from 1 to " + field.max());
      }
    }
    if (range.equals("*") || range.equals("?") && field.name().startsWith("day")) {
      return Optional.empty();
    }
    String[] bounds = range.split("-", -1);
    if (bounds.length > 2) {
      return Optional.of(Echo.quote(part) + " is not a value, a range a-b or *");
    }
    int previous = Integer.MIN_VALUE;
    for (String bound : bounds) {
      OptionalInt value = number(bound, field.names());
      if (value.isEmpty() || value.getAsInt() < field.min() || value.getAsInt() > field.max()) {
        return Optional.of(
            Echo.quote(bound) + " is not a value from " + field.min() + " to " + field.max()
                + (field.names().isEmpty() ? "" : " or a name"));
      }
      if (value.getAsInt() < previous) {
        return Optional.of("the range " + Echo.quote(range) + " ends before it starts");
      }
      previous = value.getAsInt();
    }
    return Optional.empty();
  }

  private static OptionalInt number(String text, List<String> names) {
    int named = names.indexOf(text.toUpperCase(java.util.Locale.ROOT));
    if (named > 0 || named == 0 && !names.get(0).isEmpty()) {
      return OptionalInt.of(named);
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(text));
  }
}
