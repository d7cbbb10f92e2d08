package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Without Ansible (the default build): the step and every flag each run playbook and the role lanes_step name must
 * exist in the real CLI. The values are Jinja, so required options and arity are checked where Ansible fills them
 * in: PlaybooksTest (Maven profile ansible) parses every call the playbooks make.
 */
class PlaybookFlagsTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Path PLAYBOOKS = REPOSITORY.resolve("playbooks");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

  static Stream<String> runPlaybooks() throws IOException {
    try (Stream<Path> files = Files.list(PLAYBOOKS)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("pre.yaml") && !n.equals("post.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runPlaybooks")
  @DisplayName("a run playbook names a real step, and the step has every flag the playbook and the role give it")
  void playbookFlagsExist(String playbook) throws IOException {
    Map<String, Object> vars = roleVars(playbook);
    CommandSpec step = StepArguments.step((String) vars.get("lanes_step"));
    Set<String> flags = new LinkedHashSet<>(flags(vars.get("lanes_step_args")));
    flags.add("--result");
    switch ((String) vars.getOrDefault("lanes_step_item", "zuul")) {
      case "zuul" -> flags.addAll(List.of("--config", "--zuul-vars"));
      case "platform" -> flags.addAll(List.of("--config", "--platform"));
      case "none" -> { }
      default -> throw new AssertionError(playbook + ": unknown lanes_step_item " + vars.get("lanes_step_item"));
    }
    Map<String, Object> kinds = credentialKinds();
    @SuppressWarnings("unchecked")
    List<String> credentials = (List<String>) vars.getOrDefault("lanes_step_credentials", List.of());
    for (String credential : credentials) {
      assertThat(kinds).as("%s: credential %s", playbook, credential).containsKey(credential);
      flags.addAll(flags(kinds.get(credential)));
    }

    List<String> unknown = flags.stream().filter(f -> step.findOption(f) == null).toList();

    assertThat(flags).as(playbook).isNotEmpty();
    assertThat(unknown).as("%s: flags zuul-steps %s does not have (it has %s)", playbook, vars.get("lanes_step"),
        step.options().stream().map(o -> o.longestName()).toList()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runPlaybooks")
  @DisplayName("a credential a run playbook gives its step is one the job of that playbook is given")
  void stepCredentialsAreTheJobs(String playbook) throws IOException {
    @SuppressWarnings("unchecked")
    List<String> stepCredentials = (List<String>) roleVars(playbook).getOrDefault("lanes_step_credentials", List.of());
    List<String> jobCredentials = jobCredentials("playbooks/" + playbook);
    Map<String, Object> kinds = credentialKinds();
    List<String> required = stepCredentials.stream().filter(c -> !optional(kinds, c)).toList();

    assertThat(jobCredentials).as("%s: the jobs running it list in lanes_credentials", playbook).containsAll(required);
  }

  /**
   * The vars the playbook gives the role lanes_step: under {@code roles:}, or on a task (in a block too) that
   * includes the role's main tasks ({@code ansible.builtin.include_role} without {@code tasks_from}), as
   * build-image.yaml does in a loop over the build directories.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> roleVars(String playbook) throws IOException {
    List<Map<String, Object>> plays = YAML.readValue(PLAYBOOKS.resolve(playbook).toFile(), List.class);
    for (Map<String, Object> play : plays) {
      for (Object role : (List<Object>) play.getOrDefault("roles", List.of())) {
        if (role instanceof Map<?, ?> map && "lanes_step".equals(map.get("role"))) {
          return (Map<String, Object>) map.get("vars");
        }
      }
      for (String section : List.of("pre_tasks", "tasks", "post_tasks")) {
        Map<String, Object> vars = includeVars((List<Object>) play.getOrDefault(section, List.of()));
        if (vars != null) {
          return vars;
        }
      }
    }
    throw new AssertionError(playbook + ": no role lanes_step");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> includeVars(List<Object> tasks) {
    for (Object item : tasks) {
      Map<String, Object> task = (Map<String, Object>) item;
      if (task.get("ansible.builtin.include_role") instanceof Map<?, ?> include
          && "lanes_step".equals(include.get("name")) && include.get("tasks_from") == null) {
        return (Map<String, Object>) task.get("vars");
      }
      for (String nested : List.of("block", "rescue", "always")) {
        if (task.get(nested) instanceof List<?> list) {
          Map<String, Object> vars = includeVars((List<Object>) list);
          if (vars != null) {
            return vars;
          }
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> credentialKinds() throws IOException {
    Map<String, Object> defaults =
        YAML.readValue(PLAYBOOKS.resolve("roles/lanes_step/defaults/main.yaml").toFile(), Map.class);
    return (Map<String, Object>) defaults.get("lanes_credential_kinds");
  }

  @SuppressWarnings("unchecked")
  private static boolean optional(Map<String, Object> kinds, String credential) {
    return Boolean.TRUE.equals(((Map<String, Object>) kinds.get(credential)).get("optional"));
  }

  /** The files of zuul.d that define jobs with playbooks. */
  private static final List<String> JOB_FILES = List.of("zuul.d/jobs.yaml", "zuul.d/preview.yaml", "zuul.d/takeover.yaml");

  /** The union of lanes_credentials of the jobs in {@link #JOB_FILES} whose run includes {@code playbook}. */
  @SuppressWarnings("unchecked")
  private static List<String> jobCredentials(String playbook) throws IOException {
    List<Map<String, Object>> stanzas = new ArrayList<>();
    for (String file : JOB_FILES) {
      stanzas.addAll(YAML.readValue(REPOSITORY.resolve(file).toFile(), List.class));
    }
    List<String> credentials = new ArrayList<>();
    boolean found = false;
    for (Map<String, Object> stanza : stanzas) {
      Map<String, Object> job = (Map<String, Object>) stanza.get("job");
      if (job == null) {
        continue;
      }
      Object run = job.get("run");
      if (run != null && (run.equals(playbook) || run instanceof List<?> list && list.contains(playbook))) {
        found = true;
        Map<String, Object> vars = (Map<String, Object>) job.getOrDefault("vars", Map.of());
        credentials.addAll((List<String>) vars.getOrDefault("lanes_credentials", List.of()));
      }
    }
    assertThat(found).as("a job in %s runs %s", JOB_FILES, playbook).isTrue();
    return credentials;
  }

  /** Every {@code --flag} literal in a value: a list of arguments, a Jinja expression, a credential kind. */
  private static List<String> flags(Object value) {
    List<String> flags = new ArrayList<>();
    Matcher matcher = FLAG.matcher(String.valueOf(value));
    while (matcher.find()) {
      flags.add(matcher.group());
    }
    return flags;
  }
}
