package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.ZuulYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * In the config project's {@code zuul.d}: every platform of the map has its {@code platforms/<platform>.yaml}, and
 * that file holds what {@code zuul-steps zuul-config} writes for it (the semaphore, the secrets with their keys, the
 * variants passing them), whatever the ciphertext; a variant's {@code vars} may differ in value. So a platform added
 * to the map without its Zuul part, or a file copied from another platform and half renamed, fails here. Pure.
 */
public final class PlatformFilesCheck {
  private static final String PLACEHOLDER = "cGxhY2Vob2xkZXI=";

  private PlatformFilesCheck() {}

  /** The problems of {@code stanzas}, read from {@code directory}, against {@code map}. */
  public static List<Problem> check(PlatformMap map, Path directory, List<Stanza> stanzas) {
    List<Problem> problems = new ArrayList<>();
    for (Platform platform : map.platforms().values()) {
      Path file = directory.resolve("platforms").resolve(platform.name() + ".yaml");
      List<Stanza> own = stanzas.stream().filter(s -> Path.of(s.file()).normalize().equals(file.normalize())).toList();
      if (own.isEmpty()) {
        problems.add(
            new Problem(
                file.toString(), 0,
                "missing: platform " + platform.name() + " is in the platform map; write this file with zuul-steps"
                    + " zuul-config --platform " + platform.name() + " (docs/zuul-jobs.md, \"Adding a platform\")"));
        continue;
      }
      for (Stanza expected : expected(platform, own)) {
        Optional<Stanza> found = own.stream().filter(s -> sameStanza(s, expected)).findFirst();
        if (found.isEmpty()) {
          problems.add(
              new Problem(
                  file.toString(), 0,
                  expected.label() + branches(expected) + ": missing (what zuul-steps zuul-config --platform "
                      + platform.name() + " writes)"));
          continue;
        }
        difference("", expected.body().plain(), found.get().body().plain())
            .ifPresent(d -> problems.add(found.get().problem(found.get().line(),
                d + " (zuul-steps zuul-config --platform " + platform.name() + " writes it so)")));
      }
    }
    return problems;
  }

  /** The generator's stanzas for {@code platform}, with the optional secrets {@code own} has. */
  private static List<Stanza> expected(Platform platform, List<Stanza> own) {
    Map<PlatformSecret, List<String>> values = new LinkedHashMap<>();
    for (PlatformSecret value : PlatformSecret.ALL) {
      String name = platform.name() + "-" + value.secret();
      boolean present = own.stream().anyMatch(s -> s.kind().equals("secret") && s.name().equals(Optional.of(name)));
      if (!value.optional() || present) {
        values.put(value, List.of(PLACEHOLDER));
      }
    }
    String text = PlatformStanzas.yaml(platform, values, PlatformStanzas.defaultDrillMysqlHost(platform));
    ZuulYaml.Result read = ZuulYaml.read("zuul-config", text);
    ZuulConfigCheck.Result result =
        ZuulConfigCheck.check(
            List.of(new ZuulConfigCheck.ParsedFile("zuul-config", read.document())), Set.of(), p -> true,
            false);
    return result.stanzas();
  }

  private static boolean sameStanza(Stanza candidate, Stanza expected) {
    return candidate.kind().equals(expected.kind())
        && candidate.name().equals(expected.name())
        && Objects.equals(candidate.body().plain().get("branches"), expected.body().plain().get("branches"));
  }

  private static String branches(Stanza stanza) {
    Object branches = stanza.body().plain().get("branches");
    return branches == null ? "" : " (branches " + branches + ")";
  }

  /**
   * The first place where {@code actual} lacks what {@code expected} has: maps by key (extra keys allowed), lists and
   * scalars whole; under {@code vars}, only the keys.
   */
  private static Optional<String> difference(String path, Object expected, Object actual) {
    if (expected instanceof Map<?, ?> want) {
      if (!(actual instanceof Map<?, ?> have)) {
        return Optional.of(name(path) + ": expected a mapping");
      }
      for (Map.Entry<?, ?> entry : want.entrySet()) {
        String key = path.isEmpty() ? entry.getKey().toString() : path + "." + entry.getKey();
        if (!have.containsKey(entry.getKey())) {
          return Optional.of(key + ": missing");
        }
        if (!path.equals("vars")) {
          Optional<String> inner = difference(key, entry.getValue(), have.get(entry.getKey()));
          if (inner.isPresent()) {
            return inner;
          }
        }
      }
      return Optional.empty();
    }
    return Objects.equals(expected, actual)
        ? Optional.empty()
        : Optional.of(name(path) + ": " + describe(actual) + ", expected " + describe(expected));
  }

  private static String name(String path) {
    return path.isEmpty() ? "the stanza" : path;
  }

  private static String describe(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
