package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.policy.Violation;
import io.lanes.core.policy.ZuulConfigItem;
import io.lanes.core.policy.ZuulConfigPolicy;
import io.lanes.core.zuul.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs the lane policy of {@code lanes-core} ({@link ZuulConfigPolicy}: no job, project variable or job variant of a
 * project's pipeline aims at another platform's namespace or uses another platform's secret) on checked stanzas.
 * Which platform a part of a stanza speaks for: the one named with {@code --platform} (a platform branch's own
 * zuul.d), else, for a job or a job variant in a project's pipeline, the one platform whose branch its {@code
 * branches} matcher selects. Pure.
 */
public final class LanePolicyCheck {
  private LanePolicyCheck() {}

  /**
   * The violations of {@code stanzas}.
   *
   * @param platform the platform every stanza speaks for, or empty to attribute jobs and variants by their branch
   *     matcher
   */
  public static List<Problem> check(PlatformMap map, Optional<Platform> platform, List<Stanza> stanzas) {
    List<Problem> problems = new ArrayList<>();
    for (Stanza stanza : stanzas) {
      ZuulConfigItem item =
          new ZuulConfigItem(stanza.kind(), stanza.name().orElse(""), stanza.file(), stanza.line(), stanza.body().plain());
      for (ZuulConfigPolicy.Part part : ZuulConfigPolicy.parts(item)) {
        Optional<Platform> owner = platform.isPresent() ? platform : platformOfBranches(map, part.branches());
        owner.ifPresent(p -> {
          for (Violation violation : ZuulConfigPolicy.check(map, p, part)) {
            problems.add(stanza.problem(stanza.line(), "platform " + p.name() + ": " + violation.reason()));
          }
        });
      }
    }
    return problems;
  }

  /** The one platform whose branch a {@code branches} matcher (plain data) selects, if exactly one. */
  static Optional<Platform> platformOfBranches(PlatformMap map, Object branches) {
    if (branches == null) {
      return Optional.empty();
    }
    List<Platform> selected =
        map.platforms().values().stream().filter(p -> matches(branches, p.branch())).toList();
    return selected.size() == 1 ? Optional.of(selected.get(0)) : Optional.empty();
  }

  /** Zuul's matcher semantics: any item matches (a negated item matches what its regex does not). */
  private static boolean matches(Object matcher, String branch) {
    List<?> items = matcher instanceof List<?> list ? list : List.of(matcher);
    for (Object item : items) {
      boolean negate = false;
      Object regex = item;
      if (item instanceof Map<?, ?> map) {
        negate = Boolean.TRUE.equals(map.get("negate"));
        regex = map.get("regex");
      }
      if (regex instanceof String text) {
        try {
          if (Pattern.compile(text).matcher(branch).find() != negate) {
            return true;
          }
        } catch (PatternSyntaxException e) {
          // ZuulSchema reports it.
        }
      }
    }
    return false;
  }
}
