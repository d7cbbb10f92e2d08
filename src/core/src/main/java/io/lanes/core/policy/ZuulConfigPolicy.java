package io.lanes.core.policy;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lane policy for a platform's Zuul configuration: a platform's jobs may not aim at another platform's namespace
 * nor use another platform's secrets. Pure: the map, the platform and parsed items in, violations out. Run by the
 * Gerrit plugin on push and by {@code zuul-steps check-zuul}. Rules in {@code docs/policy.md}.
 *
 * <p>A Zuul secret belongs to a platform when its name is the platform's name or starts with the platform's name
 * and {@code -} ({@code acme-registry} is {@code acme}'s); the longest matching platform name wins ({@code
 * acme-eu-registry} is {@code acme-eu}'s, not {@code acme}'s). Secrets named for no platform are shared.
 */
public final class ZuulConfigPolicy {
  /** The job keys holding variables; every string in them is checked, at any depth. */
  public static final List<String> VARIABLE_KEYS = List.of("vars", "extra-vars", "host-vars", "group-vars");

  private ZuulConfigPolicy() {}

  /** Every rule {@code items} break for {@code platform}, in item order. */
  public static List<Violation> check(PlatformMap map, Platform platform, List<ZuulConfigItem> items) {
    List<Violation> violations = new ArrayList<>();
    for (ZuulConfigItem item : items) {
      switch (item.type()) {
        case "job" -> job(map, platform, item, violations);
        case "secret" ->
            owner(map, item.name())
                .filter(owner -> !owner.equals(platform))
                .ifPresent(
                    owner ->
                        violations.add(
                            violation(item, "secret name " + quote(item.name()) + " belongs to platform " + owner.name())));
        default -> {}
      }
    }
    return violations;
  }

  /** The platform a secret belongs to by its name, if any. */
  public static Optional<Platform> owner(PlatformMap map, String secretName) {
    return map.platforms().values().stream()
        .filter(p -> secretName.equals(p.name()) || secretName.startsWith(p.name() + "-"))
        .max(Comparator.comparingInt(p -> p.name().length()));
  }

  private static void job(PlatformMap map, Platform platform, ZuulConfigItem item, List<Violation> violations) {
    for (Object secret : PlainData.list(item.content().get("secrets"))) {
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
                        violation(item, "uses secret " + quote(secretName) + " of platform " + owner.name())));
      }
    }
    for (String key : VARIABLE_KEYS) {
      namespaces(map, platform, item, key, item.content().get(key), violations);
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
