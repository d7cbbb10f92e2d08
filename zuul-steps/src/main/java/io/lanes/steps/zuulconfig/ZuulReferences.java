package io.lanes.steps.zuulconfig;

import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.YamlNode.Entry;
import io.lanes.core.zuul.YamlNode.Scalar;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import io.lanes.core.zuul.YamlNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What one stanza says about another: parents, semaphores, secrets, nodesets, templates and jobs named in project
 * pipelines and dependencies must be defined; names of pipelines, nodesets, secrets, semaphores, templates and queues
 * are defined once; playbooks exist; parents do not form a cycle. Pure: the stanzas, the names defined elsewhere in
 * the tenant and a test for playbook paths in, problems out.
 */
public final class ZuulReferences {
  private static final List<String> UNIQUE = List.of("pipeline", "nodeset", "secret", "semaphore", "project-template", "queue");

  private final List<Stanza> stanzas;
  private final Set<String> external;
  private final Predicate<String> playbookExists;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Set<String>> defined = new HashMap<>();

  private ZuulReferences(List<Stanza> stanzas, Set<String> external, Predicate<String> playbookExists) {
    this.stanzas = stanzas;
    this.external = external;
    this.playbookExists = playbookExists;
  }

  /**
   * The reference problems of {@code stanzas}.
   *
   * @param external names of jobs, nodesets, semaphores and pipelines defined in other projects of the tenant
   * @param playbookExists whether a path relative to the repository root is a file
   */
  public static List<Problem> check(List<Stanza> stanzas, Set<String> external, Predicate<String> playbookExists) {
    ZuulReferences references = new ZuulReferences(stanzas, external, playbookExists);
    references.run();
    return references.problems;
  }

  /** The names of the stanzas of {@code kind}. */
  public static Set<String> names(List<Stanza> stanzas, String kind) {
    Set<String> names = new HashSet<>();
    stanzas.stream().filter(s -> s.kind().equals(kind)).forEach(s -> s.name().ifPresent(names::add));
    return names;
  }

  private void run() {
    for (String kind : List.of("job", "pipeline", "nodeset", "secret", "semaphore", "project-template", "queue")) {
      defined.put(kind, names(stanzas, kind));
    }
    definedOnce();
    for (Stanza stanza : stanzas) {
      switch (stanza.kind()) {
        case "job" -> job(stanza, stanza.body(), "");
        case "project", "project-template" -> project(stanza);
        default -> {}
      }
    }
    parentCycles();
  }

  private void definedOnce() {
    Map<String, Stanza> first = new HashMap<>();
    for (Stanza stanza : stanzas) {
      if (!UNIQUE.contains(stanza.kind()) || stanza.name().isEmpty()) {
        continue;
      }
      Stanza earlier = first.putIfAbsent(stanza.kind() + " " + stanza.name().get(), stanza);
      if (earlier != null) {
        problems.add(stanza.problem(stanza.line(), "already defined at " + earlier.file() + ":" + earlier.line()));
      }
    }
  }

  private void job(Stanza stanza, YamlMap body, String prefix) {
    text(body, "parent").ifPresent(parent -> known(stanza, body, "parent", prefix + "parent", parent, "job"));
    text(body, "nodeset").ifPresent(nodeset -> known(stanza, body, "nodeset", prefix + "nodeset", nodeset, "nodeset"));
    text(body, "semaphore").ifPresent(s -> known(stanza, body, "semaphore", prefix + "semaphore", s, "semaphore"));
    body.get("semaphores").ifPresent(value -> strings(value).forEach(
        s -> known(stanza, s.line(), prefix + "semaphores", s.text().orElse(""), "semaphore", true)));
    body.get("dependencies").ifPresent(value -> named(value).forEach(
        d -> known(stanza, d.line(), prefix + "dependencies", d.text().orElse(""), "job", true)));
    body.get("secrets").ifPresent(value -> secrets(stanza, value, prefix));
    for (String key : List.of("pre-run", "run", "post-run", "cleanup-run")) {
      body.get(key).ifPresent(value -> named(value).forEach(path -> playbook(stanza, prefix + key, path)));
    }
  }

  private void secrets(Stanza stanza, YamlNode value, String prefix) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    for (YamlNode item : items) {
      Optional<Scalar> secret =
          item instanceof YamlMap map
              ? map.get("secret").filter(Scalar.class::isInstance).map(Scalar.class::cast)
              : Optional.of(item).filter(Scalar.class::isInstance).map(Scalar.class::cast);
      secret.flatMap(s -> s.text().map(name -> Map.entry(name, s.line()))).ifPresent(name -> {
        if (!defined.get("secret").contains(name.getKey())) {
          problems.add(
              stanza.problem(
                  name.getValue(),
                  prefix + "secrets: secret " + name.getKey()
                      + " is not defined in this project (Zuul only gives a job the secrets of its own project)"));
        }
      });
    }
  }

  private void playbook(Stanza stanza, String key, Scalar path) {
    path.text().filter(p -> !playbookExists.test(p)).ifPresent(
        p -> problems.add(stanza.problem(path.line(), key + ": " + p + " does not exist")));
  }

  private void project(Stanza stanza) {
    stanza.body().get("templates").ifPresent(value -> strings(value).forEach(
        t -> known(stanza, t.line(), "templates", t.text().orElse(""), "project-template", false)));
    for (Entry entry : stanza.body().entries().values()) {
      if (!(entry.value() instanceof YamlMap pipeline) || !(pipeline.get("jobs").orElse(null) instanceof YamlList jobs)) {
        continue;
      }
      Map<String, Integer> inPipeline = new LinkedHashMap<>();
      List<Map.Entry<String, YamlMap>> variants = new ArrayList<>();
      for (YamlNode item : jobs.items()) {
        if (item instanceof Scalar scalar && scalar.text().isPresent()) {
          inPipeline.put(scalar.text().get(), scalar.line());
        } else if (item instanceof YamlMap map && map.entries().size() == 1) {
          Entry job = map.entries().values().iterator().next();
          inPipeline.put(job.key(), job.line());
          if (job.value() instanceof YamlMap attributes) {
            variants.add(Map.entry(job.key(), attributes));
          }
        }
      }
      inPipeline.forEach((job, line) -> known(stanza, line, entry.key(), job, "job", true));
      for (Map.Entry<String, YamlMap> variant : variants) {
        job(stanza, variant.getValue(), entry.key() + "." + variant.getKey() + ".");
      }
    }
  }

  private void parentCycles() {
    Map<String, String> parents = new TreeMap<>();
    Map<String, Stanza> where = new HashMap<>();
    for (Stanza stanza : stanzas) {
      if (stanza.kind().equals("job") && stanza.name().isPresent()) {
        text(stanza.body(), "parent").ifPresent(parent -> {
          parents.putIfAbsent(stanza.name().get(), parent);
          where.putIfAbsent(stanza.name().get(), stanza);
        });
      }
    }
    Set<String> reported = new HashSet<>();
    for (String job : parents.keySet()) {
      List<String> chain = new ArrayList<>(List.of(job));
      String next = parents.get(job);
      while (next != null && !chain.contains(next)) {
        chain.add(next);
        next = parents.get(next);
      }
      if (next != null && next.equals(job) && reported.add(String.join(",", new TreeSet<>(chain)))) {
        chain.add(job);
        Stanza stanza = where.get(job);
        problems.add(stanza.problem(stanza.line(), "parent: a cycle: " + String.join(" -> ", chain)));
      }
    }
  }

  private void known(Stanza stanza, YamlMap body, String key, String shownKey, String name, String kind) {
    int line = body.entries().get(key).value().line();
    known(stanza, line, shownKey, name, kind, true);
  }

  private void known(Stanza stanza, int line, String key, String name, String kind, boolean mayBeExternal) {
    if (name.isEmpty() || defined.get(kind).contains(name) || mayBeExternal && external.contains(name)) {
      return;
    }
    problems.add(stanza.problem(line, key + ": " + kind + " " + name + " is not defined"
        + (mayBeExternal ? " (one defined in another project: --external " + name + ")" : "")));
  }

  private static Optional<String> text(YamlMap body, String key) {
    return body.get(key).flatMap(v -> v instanceof Scalar s ? s.text() : Optional.empty());
  }

  private static List<Scalar> strings(YamlNode value) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    return items.stream().filter(Scalar.class::isInstance).map(Scalar.class::cast).filter(s -> s.text().isPresent()).toList();
  }

  /** Strings, or the {@code name} of {@code {name: ...}} items. */
  private static List<Scalar> named(YamlNode value) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    List<Scalar> names = new ArrayList<>();
    for (YamlNode item : items) {
      if (item instanceof Scalar scalar && scalar.text().isPresent()) {
        names.add(scalar);
      } else if (item instanceof YamlMap map && map.get("name").orElse(null) instanceof Scalar name && name.text().isPresent()) {
        names.add(name);
      }
    }
    return names;
  }
}
