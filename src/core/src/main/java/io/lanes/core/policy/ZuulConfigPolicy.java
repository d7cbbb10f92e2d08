package io.lanes.core.policy;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lane policy for a platform's Zuul configuration: a platform's jobs may not aim at another platform's namespace
 * nor use another platform's secrets, whether in a job stanza (any variant), in a project's own {@code vars}, or in a
 * job variant of a {@code project} or {@code project-template} pipeline. Pure: the map, the platform and parsed
 * items in, violations out. Run by the Gerrit plugin on push and by {@code zuul-steps check-zuul}. Rules in {@code
 * docs/policy.md}.
 *
 * <p>A Zuul secret belongs to a platform when its name is the platform's name or starts with the platform's name
 * and {@code -} ({@code acme-registry} is {@code acme}'s); the longest matching platform name wins ({@code
 * acme-eu-registry} is {@code acme-eu}'s, not {@code acme}'s). Secrets named for no platform are shared.
 */
public final class ZuulConfigPolicy {
  /** The job keys holding variables; every string in them is checked, at any depth. */
  public static final List<String> VARIABLE_KEYS = List.of("vars", "extra-vars", "host-vars", "group-vars");

  /** The stanzas whose keys, besides their attributes, are pipelines with job variants. */
  public static final List<String> PROJECT_TYPES = List.of("project", "project-template");

  /**
   * One part of an item that speaks for one platform: a job stanza, a secret stanza, a project's (or template's)
   * own attributes, or one job variant in a project's pipeline.
   *
   * @param item the item the part belongs to
   * @param path where the part sits in the item, ending in {@code .} ({@code check.acme-deploy.}), empty for the
   *     item itself
   * @param body the part's attributes ({@code branches} among them, for a variant that has one)
   */
  public record Part(ZuulConfigItem item, String path, Map<String, Object> body) {
    /** The part's {@code branches} matcher as plain data, or {@code null}. */
    public Object branches() {
      return body.get("branches");
    }
  }

  private ZuulConfigPolicy() {}

  /** Every rule {@code items} break for {@code platform}, in item order: every part speaks for it. */
  public static List<Violation> check(PlatformMap map, Platform platform, List<ZuulConfigItem> items) {
    return check(map, part -> Optional.of(platform), items);
  }

  /**
   * Every rule {@code items} break, in item order, each part checked for the platform {@code speaksFor} gives it;
   * a part for no platform is shared and not checked.
   */
  public static List<Violation> check(
      PlatformMap map, Function<Part, Optional<Platform>> speaksFor, List<ZuulConfigItem> items) {
    List<Violation> violations = new ArrayList<>();
    for (ZuulConfigItem item : items) {
      for (Part part : parts(item)) {
        speaksFor.apply(part).ifPresent(platform -> check(map, platform, part, violations));
      }
    }
    return violations;
  }

  /** Every rule {@code part} breaks for {@code platform}. */
  public static List<Violation> check(PlatformMap map, Platform platform, Part part) {
    List<Violation> violations = new ArrayList<>();
    check(map, platform, part, violations);
    return violations;
  }

  /** The parts of {@code item} the policy reads, in file order. */
  public static List<Part> parts(ZuulConfigItem item) {
    List<Part> parts = new ArrayList<>();
    parts.add(new Part(item, "", item.content()));
    if (PROJECT_TYPES.contains(item.type())) {
      item.content()
          .forEach(
              (key, value) -> {
                if (!(value instanceof Map<?, ?> pipeline)) {
                  return;
                }
                for (Object job : PlainData.list(PlainData.map(pipeline).get("jobs"))) {
                  if (job instanceof Map<?, ?> variant && variant.size() == 1) {
                    Map.Entry<String, Object> entry = PlainData.map(variant).entrySet().iterator().next();
                    if (entry.getValue() instanceof Map<?, ?> attributes) {
                      parts.add(new Part(item, key + "." + entry.getKey() + ".", PlainData.map(attributes)));
                    }
                  }
                }
              });
    }
    return parts;
  }

  /** The platform a secret belongs to by its name, if any. */
  public static Optional<Platform> owner(PlatformMap map, String secretName) {
    return map.platforms().values().stream()
        .filter(p -> secretName.equals(p.name()) || secretName.startsWith(p.name() + "-"))
        .max(Comparator.comparingInt(p -> p.name().length()));
  }

  private static void check(PlatformMap map, Platform platform, Part part, List<Violation> violations) {
    ZuulConfigItem item = part.item();
    if (item.type().equals("secret") && part.path().isEmpty()) {
      owner(map, item.name())
          .filter(owner -> !owner.equals(platform))
          .ifPresent(
              owner ->
                  violations.add(
                      violation(item, "secret name " + quote(item.name()) + " belongs to platform " + owner.name())));
      return;
    }
    if (item.type().equals("job") || PROJECT_TYPES.contains(item.type())) {
      job(map, platform, part, violations);
    }
  }

  /** The rules of a job's attributes, for a job stanza, a project's own attributes, or a job variant. */
  private static void job(PlatformMap map, Platform platform, Part part, List<Violation> violations) {
    ZuulConfigItem item = part.item();
    String where = part.path().isEmpty() ? "" : part.path() + "secrets ";
    for (Object secret : PlainData.list(part.body().get("secrets"))) {
      String name = secret instanceof Map<?, ?> m ? PlainData.string(PlainData.map(m).get("secret")) : null;
      if (name == null && secret instanceof Map<?, ?> m) {
        name = PlainData.string(PlainData.map(m).get("name"));
      }
      if (name == null) {
        name = PlainData.string(secret);
      }
      String secretName = name;
      if (secretName != null) {
        owner(map, secretName)
            .filter(owner -> !owner.equals(platform))
            .ifPresent(
                owner ->
                    violations.add(
                        violation(
                            item, where + "uses secret " + quote(secretName) + " of platform " + owner.name())));
      }
    }
    for (String key : VARIABLE_KEYS) {
      namespaces(map, platform, item, part.path() + key, part.body().get(key), violations);
    }
  }

  private static void namespaces(
      PlatformMap map, Platform platform, ZuulConfigItem item, String path, Object value, List<Violation> violations) {
    if (value instanceof Map<?, ?> m) {
      PlainData.map(m).forEach((k, v) -> namespaces(map, platform, item, path + "." + k, v, violations));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        namespaces(map, platform, item, path + "[" + i + "]", list.get(i), violations);
      }
    } else if (value instanceof String text) {
      map.platforms().values().stream()
          .filter(other -> !other.equals(platform) && other.namespace().equals(text.trim()))
          .findFirst()
          .ifPresent(
              other ->
                  violations.add(
                      violation(
                          item,
                          path + " sets namespace " + quote(text.trim()) + " of platform " + other.name())));
    }
  }

  private static Violation violation(ZuulConfigItem item, String reason) {
    return new Violation(item.file(), item.line(), item.type(), item.name().isEmpty() ? "(unnamed)" : item.name(), reason);
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
