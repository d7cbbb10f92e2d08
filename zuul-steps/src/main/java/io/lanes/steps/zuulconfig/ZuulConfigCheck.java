package io.lanes.steps.zuulconfig;

import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.YamlNode.Entry;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import io.lanes.core.zuul.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Checks Zuul's configuration the way Zuul's configuration loader would, for what can be checked offline. Pure: the
 * parsed files in, the stanzas and the problems out, sorted by file and line.
 */
public final class ZuulConfigCheck {
  /** One parsed file: its name as shown, and its document (absent when it was empty or unreadable). */
  public record ParsedFile(String file, Optional<YamlNode> document) {}

  /** What the check found. */
  public record Result(List<Stanza> stanzas, List<Problem> problems) {}

  private ZuulConfigCheck() {}

  /**
   * Checks {@code files}.
   *
   * @param external names of jobs, nodesets, semaphores and pipelines defined in other projects of the tenant
   * @param playbookExists whether a path relative to the repository root is a file
   * @param readable whether every file read without YAML problems; references between stanzas are checked only
   *     then, so that one unreadable file does not make every name it defines "not defined"
   */
  public static Result check(
      List<ParsedFile> files, Set<String> external, Predicate<String> playbookExists, boolean readable) {
    List<Problem> problems = new ArrayList<>();
    List<Stanza> stanzas = new ArrayList<>();
    for (ParsedFile file : files) {
      file.document().ifPresent(document -> stanzas(file.file(), document, stanzas, problems));
    }
    Set<String> pipelines = new HashSet<>(ZuulReferences.names(stanzas, "pipeline"));
    pipelines.addAll(external);
    for (Stanza stanza : stanzas) {
      problems.addAll(ZuulSchema.check(stanza, pipelines));
    }
    if (readable) {
      problems.addAll(ZuulReferences.check(stanzas, external, playbookExists));
    }
    return new Result(List.copyOf(stanzas), List.copyOf(new TreeSet<>(problems)));
  }

  private static void stanzas(String file, YamlNode document, List<Stanza> stanzas, List<Problem> problems) {
    if (!(document instanceof YamlList list)) {
      problems.add(new Problem(file, document.line(), "expected a list of stanzas (- job: ..., - project: ...)"));
      return;
    }
    for (YamlNode item : list.items()) {
      if (!(item instanceof YamlMap map) || map.entries().size() != 1) {
        problems.add(new Problem(file, item.line(), "each stanza is a mapping with one key, its type (job, project...)"));
        continue;
      }
      Entry entry = map.entries().values().iterator().next();
      if (!ZuulSchema.STANZAS.contains(entry.key())) {
        problems.add(
            new Problem(
                file,
                entry.line(),
                "unknown stanza type \"" + entry.key() + "\" (" + String.join(", ", new TreeSet<>(ZuulSchema.STANZAS)) + ")"));
        continue;
      }
      if (!(entry.value() instanceof YamlMap body)) {
        problems.add(new Problem(file, entry.value().line(), entry.key() + ": expected a mapping of attributes"));
        continue;
      }
      stanzas.add(new Stanza(entry.key(), file, entry.line(), body));
    }
  }
}
