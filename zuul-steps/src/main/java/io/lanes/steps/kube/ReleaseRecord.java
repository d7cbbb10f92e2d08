package io.lanes.steps.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One release of a platform as recorded in its namespace: a ConfigMap {@code lanes-release-<platform>-<number>}
 * whose data says what was deployed (commit, change, patch set, image tag and digests, the digest of every object
 * and of the whole manifest), when and by whom. It holds digests, never manifests or secret values: for 2,000
 * objects it stays near 200 KB, well under Kubernetes' 1 MiB object limit. Pure.
 *
 * @param number the release's number in this namespace, 1, 2, 3...
 * @param platform the platform's name
 * @param commit the commit the release was rendered from
 * @param change the Gerrit change, when the deploy came from one
 * @param patchset the patch set, when the deploy came from a change
 * @param imageTag the tag the platform's own images carried
 * @param images the promoted image digests, image name to {@code sha256:...}
 * @param manifestDigest the digest of the whole release ({@link ObjectDigest#manifest})
 * @param objects each object's {@link ObjectRef#key()} and digest
 * @param time when the release was recorded
 * @param by who deployed it: the Zuul build's UUID, or the holder given
 * @param initTasks the Tutor init tasks that ran to completion for this release (or for an earlier one with the same
 *     content), {@link InitJob#recordName()} to {@link InitJob#key()}: a later deploy runs a task again only when its
 *     key is not here
 * @param upgrade for the release that upgraded the platform across Open edX releases ({@code zuul-steps upgrade}):
 *     from which release, to which, and the backup verified before it (the data that matches the releases before)
 * @param openedxRelease the Open edX release it deploys, as Tutor said (empty when not known)
 */
public record ReleaseRecord(
    int number,
    String platform,
    String commit,
    Optional<Integer> change,
    Optional<Integer> patchset,
    String imageTag,
    SortedMap<String, String> images,
    String manifestDigest,
    SortedMap<String, String> objects,
    Instant time,
    String by,
    SortedMap<String, String> initTasks,
    Optional<Upgrade> upgrade,
    String openedxRelease) {

  /**
   * An upgrade across Open edX releases.
   *
   * @param from the Open edX release the platform ran before (e.g. {@code ulmo})
   * @param to the one it runs since (e.g. {@code verawood})
   * @param backup the id of the backup verified just before: restoring it gives the data that matches {@code from}
   * @param hops the database hops that ran, in order, each {@code <hop> <Job name>} (e.g.
   *     {@code mongodb-5.0.26 mongodb-hop-01-...}); empty when the upgrade had none
   */
  public record Upgrade(String from, String to, String backup, java.util.List<String> hops) {

    /** An upgrade without database hops. */
    public Upgrade(String from, String to, String backup) {
      this(from, to, backup, java.util.List.of());
    }

    /** This upgrade with {@code hops}. */
    public Upgrade withHops(java.util.List<String> hops) {
      return new Upgrade(from, to, backup, java.util.List.copyOf(hops));
    }
  }

  /** A record of a release that upgraded nothing. */
  public ReleaseRecord(
      int number, String platform, String commit, Optional<Integer> change, Optional<Integer> patchset, String imageTag,
      SortedMap<String, String> images, String manifestDigest, SortedMap<String, String> objects, Instant time,
      String by, SortedMap<String, String> initTasks) {
    this(number, platform, commit, change, patchset, imageTag, images, manifestDigest, objects, time, by, initTasks,
        Optional.empty(), "");
  }


  /** The label every release record carries, valued with the platform's name (never the prune labels). */
  public static final String LABEL_RELEASE_OF = "lanes.io/release-of";

  /** The label holding the release's number. */
  public static final String LABEL_NUMBER = "lanes.io/release-number";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The record's ConfigMap name: {@code lanes-release-<platform>-<number>}. */
  public static String name(String platform, int number) {
    return "lanes-release-" + platform + "-" + number;
  }

  /** This record's ConfigMap name. */
  public String name() {
    return name(platform, number);
  }

  /** The record as a ConfigMap in {@code namespace}. */
  public ConfigMap toConfigMap(String namespace) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("number", Integer.toString(number));
    data.put("platform", platform);
    data.put("commit", commit);
    change.ifPresent(c -> data.put("change", c.toString()));
    patchset.ifPresent(p -> data.put("patchset", p.toString()));
    data.put("imageTag", imageTag);
    data.put("images", json(images));
    data.put("manifestDigest", manifestDigest);
    data.put("time", time.toString());
    data.put("by", by);
    StringBuilder lines = new StringBuilder();
    objects.forEach((key, digest) -> lines.append(key).append(' ').append(digest).append('\n'));
    data.put("objects", lines.toString());
    if (!initTasks.isEmpty()) {
      StringBuilder tasks = new StringBuilder();
      initTasks.forEach((name, key) -> tasks.append(name).append(' ').append(key).append('\n'));
      data.put("initTasks", tasks.toString());
    }
    if (!openedxRelease.isEmpty()) {
      data.put("openedxRelease", openedxRelease);
    }
    upgrade.ifPresent(u -> {
      data.put("upgradeFrom", u.from());
      data.put("upgradeTo", u.to());
      data.put("upgradeBackup", u.backup());
      if (!u.hops().isEmpty()) {
        data.put("upgradeHops", String.join("\n", u.hops()) + "\n");
      }
    });
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name())
        .withNamespace(namespace)
        .addToLabels(LaneNames.LABEL_MANAGED_BY, LaneNames.MANAGED_BY)
        .addToLabels(LABEL_RELEASE_OF, platform)
        .addToLabels(LABEL_NUMBER, Integer.toString(number))
        .endMetadata()
        .withData(data)
        .build();
  }

  /** Reads a record back; a configuration error naming the ConfigMap and the key when it is not one. */
  public static ReleaseRecord fromConfigMap(ConfigMap configMap) {
    String where = "ConfigMap/" + configMap.getMetadata().getName();
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    try {
      SortedMap<String, String> objects = lines(required(data, "objects", where));
      SortedMap<String, String> initTasks = lines(data.getOrDefault("initTasks", ""));
      return new ReleaseRecord(
          Integer.parseInt(required(data, "number", where)),
          required(data, "platform", where),
          required(data, "commit", where),
          Optional.ofNullable(data.get("change")).map(Integer::valueOf),
          Optional.ofNullable(data.get("patchset")).map(Integer::valueOf),
          required(data, "imageTag", where),
          new TreeMap<>(JSON.readValue(required(data, "images", where), new TypeReference<Map<String, String>>() {})),
          required(data, "manifestDigest", where),
          objects,
          Instant.parse(required(data, "time", where)),
          required(data, "by", where),
          initTasks,
          data.containsKey("upgradeFrom")
              ? Optional.of(new Upgrade(data.get("upgradeFrom"), data.getOrDefault("upgradeTo", ""),
                  data.getOrDefault("upgradeBackup", ""),
                  data.getOrDefault("upgradeHops", "").lines().filter(l -> !l.isBlank()).toList()))
              : Optional.empty(),
          data.getOrDefault("openedxRelease", ""));
    } catch (NumberFormatException | DateTimeParseException | JsonProcessingException
        | StringIndexOutOfBoundsException e) {
      throw StepException.configuration(where + ": not a release record: " + e.getMessage(), e);
    }
  }

  private static SortedMap<String, String> lines(String text) {
    SortedMap<String, String> entries = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        int space = line.lastIndexOf(' ');
        entries.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return entries;
  }

  /** Whether {@code other} deploys the same thing: same commit, images, manifest and init tasks. */
  public boolean sameContent(ReleaseRecord other) {
    return sameObjects(other) && initTasks.equals(other.initTasks);
  }

  /** Whether {@code other} applies the same objects: same commit, images and manifest (init tasks aside). */
  public boolean sameObjects(ReleaseRecord other) {
    return commit.equals(other.commit) && images.equals(other.images) && manifestDigest.equals(other.manifestDigest);
  }

  private static String required(Map<String, String> data, String key, String where) {
    String value = data.get(key);
    if (value == null) {
      throw StepException.configuration(where + ": not a release record: data." + key + " is missing");
    }
    return value;
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
