package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.policy.Violation;
import io.lanes.core.policy.ZuulConfigItem;
import io.lanes.core.policy.ZuulConfigPolicy;
import io.lanes.steps.zuulconfig.YamlNode.Encrypted;
import io.lanes.steps.zuulconfig.YamlNode.Scalar;
import io.lanes.steps.zuulconfig.YamlNode.YamlList;
import io.lanes.steps.zuulconfig.YamlNode.YamlMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs the lane policy of {@code lanes-core} ({@link ZuulConfigPolicy}: no job aims at another platform's namespace or
 * uses another platform's secret) on checked stanzas. Which platform a stanza speaks for: the one named with {@code
 * --platform} (a platform branch's own zuul.d), else, for a job, the one platform whose branch its {@code branches}
 * matcher selects. Pure.
 */
public final class LanePolicyCheck {
  private LanePolicyCheck() {}

  /**
   * The violations of {@code stanzas}.
   *
   * @param platform the platform every stanza speaks for, or empty to attribute jobs by their branch matcher
   */
  public static List<Problem> check(PlatformMap map, Optional<Platform> platform, List<Stanza> stanzas) {
    List<Problem> problems = new ArrayList<>();
    for (Stanza stanza : stanzas) {
      Optional<Platform> owner = platform.isPresent() ? platform : platformOfJob(map, stanza);
      owner.ifPresent(p -> {
        ZuulConfigItem item =
            new ZuulConfigItem(stanza.kind(), stanza.name().orElse(""), stanza.file(), stanza.line(), plain(stanza.body()));
        for (Violation violation : ZuulConfigPolicy.check(map, p, List.of(item))) {
          problems.add(stanza.problem(stanza.line(), "platform " + p.name() + ": " + violation.reason()));
        }
      });
    }
    return problems;
  }

  /** The one platform whose branch a job's {@code branches} matcher selects, if exactly one. */
  static Optional<Platform> platformOfJob(PlatformMap map, Stanza stanza) {
    if (!stanza.kind().equals("job") || stanza.body().get("branches").isEmpty()) {
      return Optional.empty();
    }
    YamlNode branches = stanza.body().get("branches").get();
    List<Platform> selected =
        map.platforms().values().stream().filter(p -> matches(branches, p.branch())).toList();
    return selected.size() == 1 ? Optional.of(selected.get(0)) : Optional.empty();
  }

  /** Zuul's matcher semantics: any item matches (a negated item matches what its regex does not). */
  private static boolean matches(YamlNode matcher, String branch) {
    List<YamlNode> items = matcher instanceof YamlList list ? list.items() : List.of(matcher);
    for (YamlNode item : items) {
      boolean negate = false;
      YamlNode regex = item;
      if (item instanceof YamlMap map) {
        negate = map.get("negate").filter(n -> n instanceof Scalar s && Boolean.TRUE.equals(s.value())).isPresent();
        regex = map.get("regex").orElse(null);
      }
      if (regex instanceof Scalar scalar && scalar.text().isPresent()) {
        try {
          if (Pattern.compile(scalar.text().get()).matcher(branch).find() != negate) {
            return true;
          }
        } catch (PatternSyntaxException e) {
          // ZuulSchema reports it.
        }
      }
    }
    return false;
  }

  /** The stanza as plain data for {@code lanes-core}: maps, lists, scalars; encrypted values as an opaque marker. */
  static Map<String, Object> plain(YamlMap map) {
    Map<String, Object> plain = new LinkedHashMap<>();
    map.entries().forEach((key, entry) -> plain.put(key, plain(entry.value())));
    return plain;
  }

  private static Object plain(YamlNode node) {
    return switch (node) {
      case YamlMap map -> plain(map);
      case YamlList list -> list.items().stream().map(LanePolicyCheck::plain).toList();
      case Scalar scalar -> scalar.value();
      case Encrypted encrypted -> "(encrypted)";
    };
  }
}
