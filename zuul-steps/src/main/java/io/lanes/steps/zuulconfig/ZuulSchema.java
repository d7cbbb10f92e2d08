package io.lanes.steps.zuulconfig;

import io.lanes.core.zuul.Problem;
import io.lanes.core.zuul.YamlNode.Entry;
import io.lanes.core.zuul.YamlNode.Scalar;
import io.lanes.core.zuul.YamlNode.YamlList;
import io.lanes.core.zuul.YamlNode.YamlMap;
import io.lanes.core.zuul.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shape of each stanza as Zuul's configuration loader accepts it: known attributes, their types, variable names,
 * branch and file matchers, encrypted secret data. Pure: one stanza in, its problems out. Stanza-to-stanza references
 * are {@link ZuulReferences}' job.
 */
public final class ZuulSchema {
  /** The stanza types Zuul reads from a project's configuration. */
  public static final Set<String> STANZAS =
      Set.of("job", "project", "project-template", "pipeline", "nodeset", "secret", "semaphore", "queue", "pragma");

  /** Zuul's rule for variable names (job vars, secret names). */
  public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** Variable names Zuul keeps for itself or for Ansible's connection. */
  public static final Set<String> RESERVED_VARIABLES =
      Set.of(
          "zuul",
          "nodepool",
          "unsafe_vars",
          "ansible_connection",
          "ansible_host",
          "ansible_port",
          "ansible_user",
          "ansible_password",
          "ansible_python_interpreter",
          "ansible_shell_executable",
          "ansible_ssh_host",
          "ansible_ssh_port",
          "ansible_ssh_user",
          "ansible_ssh_pass",
          "ansible_ssh_private_key_file",
          "ansible_ssh_common_args",
          "ansible_ssh_extra_args",
          "ansible_ssh_executable");

  /** The value kinds attributes take. */
  enum Shape {
    STRING,
    STRING_OR_NULL,
    BOOLEAN,
    INTEGER,
    MAPPING,
    LIST,
    STRINGS,
    MATCHER,
    PLAYBOOKS,
    SECRETS,
    NODESET,
    DEPENDENCIES,
    VARIABLES,
    HOST_VARIABLES,
    STRING_OR_NUMBER,
    ANY
  }

  static final Map<String, Shape> JOB = new LinkedHashMap<>();
  static final Map<String, Shape> PROJECT = new LinkedHashMap<>();
  static final Map<String, Shape> PROJECT_PIPELINE = new LinkedHashMap<>();
  static final Map<String, Shape> PIPELINE = new LinkedHashMap<>();
  static final Map<String, Shape> NODESET = new LinkedHashMap<>();
  static final Map<String, Shape> SECRET = new LinkedHashMap<>();
  static final Map<String, Shape> SEMAPHORE = new LinkedHashMap<>();
  static final Map<String, Shape> QUEUE = new LinkedHashMap<>();
  static final Map<String, Shape> PRAGMA = new LinkedHashMap<>();

  static final Set<String> MANAGERS = Set.of("independent", "dependent", "serial", "supercedent");
  static final Set<String> PRECEDENCES = Set.of("low", "normal", "high");
  static final Set<String> MERGE_MODES =
      Set.of("merge", "merge-resolve", "cherry-pick", "squash-merge", "rebase", "merge-recursive", "merge-ort");

  static {
    for (String key : List.of("name", "description", "variant-description", "success-message", "failure-message",
        "success-url", "failure-url", "semaphore", "override-branch", "override-checkout", "workspace-scheme",
        "image-build-name")) {
      JOB.put(key, Shape.STRING);
    }
    JOB.put("parent", Shape.STRING_OR_NULL);
    for (String key : List.of("abstract", "final", "protected", "intermediate", "hold-following-changes", "voting",
        "post-review", "match-on-config-updates", "ansible-split-streams")) {
      JOB.put(key, Shape.BOOLEAN);
    }
    for (String key : List.of("timeout", "post-timeout", "attempts")) {
      JOB.put(key, Shape.INTEGER);
    }
    for (String key : List.of("semaphores", "tags", "provides", "requires", "allowed-projects", "failure-output")) {
      JOB.put(key, Shape.STRINGS);
    }
    for (String key : List.of("pre-run", "run", "post-run", "cleanup-run")) {
      JOB.put(key, Shape.PLAYBOOKS);
    }
    for (String key : List.of("branches", "files", "irrelevant-files")) {
      JOB.put(key, Shape.MATCHER);
    }
    JOB.put("secrets", Shape.SECRETS);
    JOB.put("nodeset", Shape.NODESET);
    JOB.put("dependencies", Shape.DEPENDENCIES);
    JOB.put("vars", Shape.VARIABLES);
    JOB.put("extra-vars", Shape.VARIABLES);
    JOB.put("host-vars", Shape.HOST_VARIABLES);
    JOB.put("group-vars", Shape.HOST_VARIABLES);
    JOB.put("roles", Shape.LIST);
    JOB.put("required-projects", Shape.LIST);
    JOB.put("include-vars", Shape.LIST);
    JOB.put("ansible-version", Shape.STRING_OR_NUMBER);
    JOB.put("deduplicate", Shape.ANY);

    PROJECT.put("name", Shape.STRING);
    PROJECT.put("description", Shape.STRING);
    PROJECT.put("templates", Shape.STRINGS);
    PROJECT.put("default-branch", Shape.STRING);
    PROJECT.put("merge-mode", Shape.STRING);
    PROJECT.put("queue", Shape.STRING);
    PROJECT.put("vars", Shape.VARIABLES);

    PROJECT_PIPELINE.put("jobs", Shape.LIST);
    PROJECT_PIPELINE.put("queue", Shape.STRING);
    PROJECT_PIPELINE.put("debug", Shape.BOOLEAN);
    PROJECT_PIPELINE.put("fail-fast", Shape.BOOLEAN);

    for (String key : List.of("name", "description", "manager", "precedence", "success-message", "failure-message",
        "start-message", "merge-conflict-message", "merge-failure-message", "enqueue-message", "no-jobs-message",
        "dequeue-message", "footer-message", "window-increase-type", "window-decrease-type")) {
      PIPELINE.put(key, Shape.STRING);
    }
    for (String key : List.of("post-review", "dequeue-on-new-patchset", "ignore-dependencies",
        "allow-other-connections")) {
      PIPELINE.put(key, Shape.BOOLEAN);
    }
    for (String key : List.of("window", "window-floor", "window-ceiling", "window-increase-factor",
        "window-decrease-factor", "disable-after-consecutive-failures")) {
      PIPELINE.put(key, Shape.INTEGER);
    }
    PIPELINE.put("supercedes", Shape.STRINGS);
    for (String key : List.of("require", "reject", "trigger", "enqueue", "start", "success", "failure",
        "merge-conflict", "merge-failure", "config-error", "no-jobs", "disabled", "dequeue")) {
      PIPELINE.put(key, Shape.MAPPING);
    }

    NODESET.put("name", Shape.STRING);
    NODESET.put("description", Shape.STRING);
    NODESET.put("nodes", Shape.LIST);
    NODESET.put("groups", Shape.LIST);
    NODESET.put("alternatives", Shape.LIST);

    SECRET.put("name", Shape.STRING);
    SECRET.put("data", Shape.MAPPING);

    SEMAPHORE.put("name", Shape.STRING);
    SEMAPHORE.put("max", Shape.INTEGER);

    QUEUE.put("name", Shape.STRING);
    QUEUE.put("per-branch", Shape.BOOLEAN);
    QUEUE.put("allow-circular-dependencies", Shape.BOOLEAN);
    QUEUE.put("dependencies-by-topic", Shape.BOOLEAN);

    PRAGMA.put("implied-branch-matchers", Shape.BOOLEAN);
    PRAGMA.put("implied-branches", Shape.STRINGS);
  }

  private ZuulSchema() {}

  /**
   * The problems of one stanza's own attributes. For projects and templates, keys that are not attributes are
   * pipelines; {@code pipelines} lists the pipelines known to exist, to catch a misspelt one.
   */
  public static List<Problem> check(Stanza stanza, Set<String> pipelines) {
    List<Problem> problems = new ArrayList<>();
    Consumer<Problem> report = problems::add;
    switch (stanza.kind()) {
      case "job" -> attributes(stanza, stanza.body(), JOB, "", report);
      case "project", "project-template" -> project(stanza, pipelines, report);
      case "pipeline" -> pipeline(stanza, report);
      case "nodeset" -> nodeset(stanza, report);
      case "secret" -> secret(stanza, report);
      case "semaphore" -> semaphore(stanza, report);
      case "queue" -> attributes(stanza, stanza.body(), QUEUE, "", report);
      case "pragma" -> attributes(stanza, stanza.body(), PRAGMA, "", report);
      default -> throw new IllegalArgumentException(stanza.kind());
    }
    if (!stanza.kind().equals("pragma") && !stanza.kind().equals("project") && stanza.name().isEmpty()
        && stanza.body().get("name").isEmpty()) {
      report.accept(stanza.problem(stanza.line(), "name is required"));
    }
    return problems;
  }

  private static void project(Stanza stanza, Set<String> pipelines, Consumer<Problem> report) {
    for (Entry entry : stanza.body().entries().values()) {
      Shape shape = PROJECT.get(entry.key());
      if (shape != null) {
        shape(stanza, entry.key(), entry.value(), shape, report);
        if (entry.key().equals("merge-mode")) {
          oneOf(stanza, entry, MERGE_MODES, report);
        }
        continue;
      }
      if (!pipelines.contains(entry.key())) {
        report.accept(
            stanza.problem(
                entry.line(),
                "\"" + entry.key() + "\" is neither an attribute nor a pipeline (pipelines: "
                    + String.join(", ", new TreeSet<>(pipelines)) + ")"));
        continue;
      }
      if (!(entry.value() instanceof YamlMap pipeline)) {
        report.accept(stanza.problem(entry.value().line(), entry.key() + ": expected a mapping with jobs"));
        continue;
      }
      attributes(stanza, pipeline, PROJECT_PIPELINE, entry.key() + ".", report);
      pipeline.get("jobs").filter(YamlList.class::isInstance).map(YamlList.class::cast)
          .ifPresent(jobs -> projectJobs(stanza, entry.key(), jobs, report));
    }
  }

  private static void projectJobs(Stanza stanza, String pipeline, YamlList jobs, Consumer<Problem> report) {
    for (YamlNode item : jobs.items()) {
      if (item instanceof Scalar scalar && scalar.text().isPresent()) {
        continue;
      }
      if (item instanceof YamlMap map && map.entries().size() == 1) {
        Entry job = map.entries().values().iterator().next();
        if (job.value() instanceof YamlMap attributes) {
          Map<String, Shape> variant = new LinkedHashMap<>(JOB);
          variant.remove("name");
          attributes(stanza, attributes, variant, pipeline + "." + job.key() + ".", report);
        } else if (!(job.value() instanceof Scalar scalar && scalar.value() == null)) {
          report.accept(
              stanza.problem(job.value().line(), pipeline + "." + job.key() + ": expected a mapping of attributes"));
        }
        continue;
      }
      report.accept(stanza.problem(item.line(), pipeline + ".jobs: expected a job name or {name: attributes}"));
    }
  }

  private static void pipeline(Stanza stanza, Consumer<Problem> report) {
    attributes(stanza, stanza.body(), PIPELINE, "", report);
    Optional<Entry> manager = Optional.ofNullable(stanza.body().entries().get("manager"));
    if (manager.isEmpty()) {
      report.accept(stanza.problem(stanza.line(), "manager is required (" + String.join(", ", new TreeSet<>(MANAGERS)) + ")"));
    } else {
      oneOf(stanza, manager.get(), MANAGERS, report);
    }
    Optional.ofNullable(stanza.body().entries().get("precedence")).ifPresent(p -> oneOf(stanza, p, PRECEDENCES, report));
  }

  private static void nodeset(Stanza stanza, Consumer<Problem> report) {
    attributes(stanza, stanza.body(), NODESET, "", report);
    stanza.body().get("nodes").filter(YamlList.class::isInstance).map(YamlList.class::cast).ifPresent(nodes -> {
      for (YamlNode node : nodes.items()) {
        if (!(node instanceof YamlMap map) || map.get("name").isEmpty() || map.get("label").isEmpty()) {
          report.accept(stanza.problem(node.line(), "nodes: each node needs a name and a label"));
        }
      }
    });
  }

  private static void secret(Stanza stanza, Consumer<Problem> report) {
    attributes(stanza, stanza.body(), SECRET, "", report);
    Optional<YamlNode> data = stanza.body().get("data");
    if (data.isEmpty()) {
      report.accept(stanza.problem(stanza.line(), "data is required"));
      return;
    }
    plaintext(data.get(), "data", stanza, report);
  }

  private static void plaintext(YamlNode node, String path, Stanza stanza, Consumer<Problem> report) {
    switch (node) {
      case YamlMap map -> map.entries().values().forEach(e -> plaintext(e.value(), path + "." + e.key(), stanza, report));
      case YamlList list -> list.items().forEach(i -> plaintext(i, path, stanza, report));
      case Scalar scalar when scalar.value() != null ->
          report.accept(
              stanza.problem(
                  scalar.line(),
                  path + ": not encrypted (use !encrypted/pkcs1-oaep: a plain value in git is public)"));
      default -> {}
    }
  }

  private static void semaphore(Stanza stanza, Consumer<Problem> report) {
    attributes(stanza, stanza.body(), SEMAPHORE, "", report);
    stanza.body().get("max").filter(Scalar.class::isInstance).map(Scalar.class::cast)
        .filter(max -> max.value() instanceof Long n && n < 1)
        .ifPresent(max -> report.accept(stanza.problem(max.line(), "max: must be at least 1")));
  }

  private static void oneOf(Stanza stanza, Entry entry, Set<String> allowed, Consumer<Problem> report) {
    if (entry.value() instanceof Scalar scalar && scalar.text().filter(allowed::contains).isPresent()) {
      return;
    }
    report.accept(
        stanza.problem(
            entry.value().line(),
            entry.key() + ": " + entry.value().kind() + " is not one of " + String.join(", ", new TreeSet<>(allowed))));
  }

  private static void attributes(
      Stanza stanza, YamlMap body, Map<String, Shape> known, String prefix, Consumer<Problem> report) {
    for (Entry entry : body.entries().values()) {
      Shape shape = known.get(entry.key());
      if (shape == null) {
        report.accept(stanza.problem(entry.line(), "unknown attribute \"" + prefix + entry.key() + "\""));
        continue;
      }
      shape(stanza, prefix + entry.key(), entry.value(), shape, report);
    }
  }

  private static void shape(Stanza stanza, String key, YamlNode value, Shape shape, Consumer<Problem> report) {
    Optional<String> wrong =
        switch (shape) {
          case STRING -> isString(value) ? Optional.empty() : Optional.of("a string");
          case STRING_OR_NULL -> isString(value) || isNull(value) ? Optional.empty() : Optional.of("a job name or null");
          case BOOLEAN -> value instanceof Scalar s && s.value() instanceof Boolean ? Optional.empty() : Optional.of("true or false");
          case INTEGER -> value instanceof Scalar s && s.value() instanceof Long ? Optional.empty() : Optional.of("an integer");
          case MAPPING -> value instanceof YamlMap ? Optional.empty() : Optional.of("a mapping");
          case LIST -> value instanceof YamlList ? Optional.empty() : Optional.of("a list");
          case STRINGS -> isString(value) || value instanceof YamlList l && l.items().stream().allMatch(ZuulSchema::isString)
              ? Optional.empty() : Optional.of("a string or a list of strings");
          case STRING_OR_NUMBER -> value instanceof Scalar s && s.value() != null && !(s.value() instanceof Boolean)
              ? Optional.empty() : Optional.of("a version");
          case NODESET -> isString(value) || value instanceof YamlMap || value instanceof YamlList
              ? Optional.empty() : Optional.of("a nodeset name or definition");
          case MATCHER -> matcher(stanza, key, value, report);
          case PLAYBOOKS -> playbooks(value);
          case SECRETS -> secrets(stanza, key, value, report);
          case DEPENDENCIES -> dependencies(value);
          case VARIABLES -> variables(stanza, key, value, report);
          case HOST_VARIABLES -> hostVariables(stanza, key, value, report);
          case ANY -> Optional.empty();
        };
    wrong.ifPresent(expected -> report.accept(stanza.problem(value.line(), key + ": expected " + expected + ", got " + value.kind())));
  }

  private static Optional<String> matcher(Stanza stanza, String key, YamlNode value, Consumer<Problem> report) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    for (YamlNode item : items) {
      YamlNode regex = item;
      if (item instanceof YamlMap map) {
        for (Entry entry : map.entries().values()) {
          if (!entry.key().equals("regex") && !entry.key().equals("negate")) {
            report.accept(stanza.problem(entry.line(), key + ": unknown matcher key \"" + entry.key() + "\" (regex, negate)"));
          }
        }
        regex = map.get("regex").orElse(null);
        if (regex == null) {
          report.accept(stanza.problem(item.line(), key + ": a matcher mapping needs regex"));
          continue;
        }
      }
      if (!(regex instanceof Scalar scalar) || scalar.text().isEmpty()) {
        return Optional.of("a regex, {regex, negate} or a list of them");
      }
      try {
        Pattern.compile(scalar.text().get());
      } catch (PatternSyntaxException e) {
        report.accept(
            stanza.problem(
                scalar.line(),
                key + ": invalid regular expression \"" + scalar.text().get() + "\": " + e.getDescription()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> playbooks(YamlNode value) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    for (YamlNode item : items) {
      boolean ok = isString(item) || item instanceof YamlMap map && map.get("name").filter(ZuulSchema::isString).isPresent();
      if (!ok) {
        return Optional.of("a playbook path, {name: path} or a list of them");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> dependencies(YamlNode value) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    for (YamlNode item : items) {
      boolean ok = isString(item) || item instanceof YamlMap map && map.get("name").filter(ZuulSchema::isString).isPresent();
      if (!ok) {
        return Optional.of("a job name, {name, soft} or a list of them");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> secrets(Stanza stanza, String key, YamlNode value, Consumer<Problem> report) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    for (YamlNode item : items) {
      if (isString(item)) {
        variableName(stanza, key, ((Scalar) item).text().get(), item.line(), report);
        continue;
      }
      if (!(item instanceof YamlMap map)) {
        return Optional.of("a secret name, {name, secret, pass-to-parent} or a list of them");
      }
      for (Entry entry : map.entries().values()) {
        switch (entry.key()) {
          case "name", "secret" -> {
            if (!isString(entry.value())) {
              report.accept(stanza.problem(entry.value().line(), key + "." + entry.key() + ": expected a string, got " + entry.value().kind()));
            }
          }
          case "pass-to-parent" -> {
            if (!(entry.value() instanceof Scalar s && s.value() instanceof Boolean)) {
              report.accept(stanza.problem(entry.value().line(), key + ".pass-to-parent: expected true or false, got " + entry.value().kind()));
            }
          }
          default -> report.accept(stanza.problem(entry.line(), key + ": unknown key \"" + entry.key() + "\" (name, secret, pass-to-parent)"));
        }
      }
      Optional<String> name = map.get("name").flatMap(n -> n instanceof Scalar s ? s.text() : Optional.empty());
      if (name.isEmpty() && map.get("name").isEmpty()) {
        report.accept(stanza.problem(item.line(), key + ": name is required"));
      }
      name.ifPresent(n -> variableName(stanza, key, n, item.line(), report));
      if (map.get("secret").isEmpty()) {
        report.accept(stanza.problem(item.line(), key + ": secret is required"));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> variables(Stanza stanza, String key, YamlNode value, Consumer<Problem> report) {
    if (!(value instanceof YamlMap map)) {
      return Optional.of("a mapping of variables");
    }
    for (Entry entry : map.entries().values()) {
      variableName(stanza, key, entry.key(), entry.line(), report);
    }
    return Optional.empty();
  }

  private static Optional<String> hostVariables(Stanza stanza, String key, YamlNode value, Consumer<Problem> report) {
    if (!(value instanceof YamlMap map)) {
      return Optional.of("a mapping of hosts or groups to variables");
    }
    for (Entry host : map.entries().values()) {
      shape(stanza, key + "." + host.key(), host.value(), Shape.VARIABLES, report);
    }
    return Optional.empty();
  }

  private static void variableName(Stanza stanza, String key, String name, int line, Consumer<Problem> report) {
    if (!VARIABLE_NAME.matcher(name).matches()) {
      report.accept(stanza.problem(line, key + ": \"" + name + "\" is not a valid variable name (letters, digits, _)"));
    } else if (RESERVED_VARIABLES.contains(name)) {
      report.accept(stanza.problem(line, key + ": \"" + name + "\" is reserved by Zuul"));
    }
  }

  static boolean isString(YamlNode node) {
    return node instanceof Scalar scalar && scalar.text().isPresent();
  }

  private static boolean isNull(YamlNode node) {
    return node instanceof Scalar scalar && scalar.value() == null;
  }

}
