package io.lanes.steps.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.StepArguments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The playbooks as code: real Debian Ansible runs them on localhost with a fake {@code zuul} variable, the job
 * variables zuul.d declares, a recording test double of zuul-steps (or the real CLI), and the zuul_return test double.
 */
class PlaybooksTest {
  private static final String CANARY = "canary-7f3a9c-never-log-me";
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path src;
  Path work;
  Path returned;
  String head;

  @BeforeEach
  void platformCheckout() throws Exception {
    src = Files.createDirectories(dir.resolve("src"));
    work = dir.resolve("work");
    returned = dir.resolve("returned.jsonl");
    Files.copy(Ansible.REPOSITORY.resolve("src/sample-platform/lanes.config"), src.resolve("lanes.config"));
    for (String image : List.of("env/build/openedx", "env/build/mfe", "env/plugins/acme/build/theme")) {
      Files.writeString(Files.createDirectories(src.resolve(image)).resolve("Dockerfile"), "FROM scratch\n");
    }
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=Lanes", "-c", "user.email=lanes@example.invalid", "commit", "-q", "-m", "platform");
    head = git("rev-parse", "HEAD").strip();
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", src.toString()));
    command.addAll(List.of(args));
    Ansible.Run run = Ansible.run(command, src, Map.of());
    assertThat(run.exitCode()).as(run.output()).isZero();
    return run.output();
  }

  @Test
  @DisplayName("every playbook passes ansible-playbook --syntax-check")
  void syntaxCheck() throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/ansible-playbook", "-i", "localhost,", "--syntax-check"));
    try (Stream<Path> playbooks = Files.list(Ansible.PLAYBOOKS)) {
      playbooks.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> command.add(p.toString()));
    }
    assertThat(command).hasSize(4 + 14);

    Ansible.Run run = Ansible.run(command, Ansible.REPOSITORY, Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  @DisplayName("the playbooks pass ansible-lint's production profile (zuul_return mocked by .ansible-lint)")
  void ansibleLint() throws Exception {
    Ansible.Run run = Ansible.run(List.of("/usr/bin/ansible-lint", "playbooks/"), Ansible.REPOSITORY, Map.of());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("Passed with production profile: 0 failure(s), 0 warning(s)");
  }

  /**
   * What each job must call, after {@code zuul-steps --version} and pre-run's resolve: one line per step, its argv
   * with SRC (the checkout), WORK (the work directory), MAP (the platform map), HEAD (the checkout's commit) and
   * COMMIT (zuul.commit_id) for the paths and values the playbooks fill in; then the environment the step gets.
   */
  static Stream<Arguments> jobs() {
    String zuul = " --config MAP --zuul-vars WORK/zuul.json";
    String platform = " --config MAP --platform acme";
    String s3 = " --s3-access-key-env AWS_ACCESS_KEY_ID --s3-secret-key-env AWS_SECRET_ACCESS_KEY";
    Map<String, String> s3Environment =
        Map.of("AWS_ACCESS_KEY_ID", CANARY + "-s3-access_key", "AWS_SECRET_ACCESS_KEY", CANARY + "-s3-secret_key");
    String registry = " --registry-username-env REGISTRY_USERNAME --registry-password-env REGISTRY_PASSWORD";
    Map<String, String> registryEnvironment = Map.of(
        "REGISTRY_USERNAME", CANARY + "-registry-username", "REGISTRY_PASSWORD", CANARY + "-registry-password");
    String build = "build-image" + zuul + " --revision COMMIT --source https://review.example.com/openedx-platforms"
        + " --build-dir SRC/env/build"
        + " --docker-host unix:///var/run/docker.sock --result WORK/results/build-image-0.json";
    String buildTheme = "build-image" + zuul + " --revision COMMIT --source https://review.example.com/openedx-platforms"
        + " --build-dir SRC/env/plugins/acme/build"
        + " --docker-host unix:///var/run/docker.sock --result WORK/results/build-image-1.json";
    Map<String, String> drEnvironment = Map.of("AWS_ACCESS_KEY_ID", CANARY + "-s3-access_key", "AWS_SECRET_ACCESS_KEY",
        CANARY + "-s3-secret_key", "MYSQL_PASSWORD", CANARY + "-dr_databases-mysql_password",
        "MONGODB_URI", CANARY + "-dr_databases-mongodb_uri");
    Map<String, Object> bothBuildDirs = Map.of("lanes_build_dirs", List.of("env/build", "env/plugins/acme/build"));
    return Stream.of(
        job("lanes-render", "platform/acme", List.of(), Map.of(),
            call("render" + zuul + " --tutor-root SRC --output WORK/logs/render --artifact-url lanes/render/"
                + " --kubeconfig WORK/credentials/kubeconfig --result WORK/results/render.json")),
        job("lanes-build-image", "platform/acme", List.of(), Map.of(), call(build)),
        job("lanes-push-image", "platform/acme", List.of(), Map.of(),
            call(build),
            call("push-image" + zuul + " --image mfe --image openedx --docker-host unix:///var/run/docker.sock"
                + registry + " --result WORK/results/push-image.json", registryEnvironment)),
        job("lanes-push-image", "platform/acme", List.of("registry"), Map.of(),
            call(build),
            call("push-image" + zuul + " --image mfe --image openedx --docker-host unix:///var/run/docker.sock"
                + " --result WORK/results/push-image.json")),
        job("lanes-push-image", "platform/acme", List.of(), bothBuildDirs,
            call(build),
            call(buildTheme),
            call("push-image" + zuul + " --image mfe --image openedx --image theme"
                + " --docker-host unix:///var/run/docker.sock" + registry + " --result WORK/results/push-image.json",
                registryEnvironment)),
        job("lanes-promote", "platform/acme", List.of(), Map.of(),
            call("promote" + zuul + " --revision HEAD --image mfe --image openedx" + registry
                + " --result WORK/results/promote.json", registryEnvironment)),
        job("lanes-promote", "platform/acme", List.of(), bothBuildDirs,
            call("promote" + zuul + " --revision HEAD --image mfe --image openedx --image theme" + registry
                + " --result WORK/results/promote.json", registryEnvironment)),
        job("lanes-deploy", "platform/acme", List.of(),
            Map.of("lanes", Map.of("promoted", List.of(
                Map.of("repository", "localhost:5000/acme/mfe", "digest", "sha256:" + "b".repeat(64)),
                Map.of("repository", "localhost:5000/acme/openedx", "digest", "sha256:" + "a".repeat(64))))),
            call("deploy" + zuul + " --tutor-root SRC --image-tag HEAD --image-digest mfe=sha256:" + "b".repeat(64)
                + " --image-digest openedx=sha256:" + "a".repeat(64) + " --kubeconfig WORK/credentials/kubeconfig"
                + " --result WORK/results/deploy.json")),
        // a change that touched no image: no lanes-promote in the buildset, the images the namespace runs
        job("lanes-deploy", "platform/acme", List.of(), Map.of(),
            call("deploy" + zuul + " --tutor-root SRC --keep-images --kubeconfig WORK/credentials/kubeconfig"
                + " --result WORK/results/deploy.json")),
        job("lanes-backup-verify", "platform/acme", List.of(), Map.of(),
            call("restore" + platform + " --dry-run" + s3 + " --encryption-identity-file WORK/credentials/backup_key"
                + " --result WORK/results/restore.json", s3Environment)),
        job("lanes-dr-drill", "platform/acme", List.of("backup_key"), Map.of(),
            call("drill" + platform + " --mysql-host mysql.openedx-acme-dr.svc --mysql-port 3306 --mysql-user root"
                + " --report WORK/logs/drill-report.md --chart WORK/logs/drill-trend.svg" + s3
                + " --mysql-password-env MYSQL_PASSWORD"
                + " --mongodb-uri-env MONGODB_URI --result WORK/results/drill.json",
                Map.of("AWS_ACCESS_KEY_ID", CANARY + "-s3-access_key", "AWS_SECRET_ACCESS_KEY", CANARY + "-s3-secret_key",
                    "MYSQL_PASSWORD", CANARY + "-dr_databases-mysql_password",
                    "MONGODB_URI", CANARY + "-dr_databases-mongodb_uri"))),
        // the takeover-plan pipeline: the plan only
        job("lanes-takeover", "platform/acme", List.of("backup_key"), Map.of(),
            call("takeover" + platform + " --tutor-root SRC --mysql-host mysql.openedx-acme-dr.svc --mysql-port 3306"
                + " --mysql-user root --report WORK/logs/takeover-report.md --plan" + s3
                + " --mysql-password-env MYSQL_PASSWORD --mongodb-uri-env MONGODB_URI"
                + " --kubeconfig WORK/credentials/dr_kubeconfig --result WORK/results/takeover.json", drEnvironment)),
        // the takeover pipeline (its project-template sets lanes_takeover_confirm): the DR cluster's kubeconfig too
        job("lanes-takeover", "platform/acme", List.of(), Map.of("lanes_takeover_confirm", true),
            call("takeover" + platform + " --tutor-root SRC --mysql-host mysql.openedx-acme-dr.svc --mysql-port 3306"
                + " --mysql-user root --report WORK/logs/takeover-report.md --confirm" + s3
                + " --encryption-identity-file WORK/credentials/backup_key --mysql-password-env MYSQL_PASSWORD"
                + " --mongodb-uri-env MONGODB_URI --kubeconfig WORK/credentials/dr_kubeconfig"
                + " --result WORK/results/takeover.json", drEnvironment)),
        job("lanes-preview-up", "platform/acme", List.of(), Map.of(),
            call("preview up" + zuul + " --tutor-root SRC --kubeconfig WORK/credentials/preview_kubeconfig"
                + " --result WORK/results/preview-up.json")),
        job("lanes-preview-down", "platform/acme", List.of(), Map.of(),
            call("preview down" + zuul + " --kubeconfig WORK/credentials/preview_kubeconfig"
                + " --result WORK/results/preview-down.json")),
        job("lanes-preview-expire", "platform/acme", List.of(), Map.of(),
            call("preview down" + zuul + " --expired --kubeconfig WORK/credentials/preview_kubeconfig"
                + " --result WORK/results/preview-down.json")),
        job("lanes-cluster-apply", "main", List.of(), Map.of(),
            call("cluster apply --spec SRC/clusters/prod.yaml --cloud lanes --clouds-file WORK/credentials/openstack"
                + " --result WORK/results/cluster-apply.json")));
  }

  /** One call a job must make: its argv (with placeholders) and the credential variables of its environment. */
  record Call(String argv, Map<String, String> environment) {}

  private static Call call(String argv) {
    return new Call(argv, Map.of());
  }

  private static Call call(String argv, Map<String, String> environment) {
    return new Call(argv, environment);
  }

  private static Arguments job(
      String name, String branch, List<String> withheld, Map<String, Object> extraVars, Call... calls) {
    return Arguments.of(name, branch, withheld, extraVars, List.of(calls));
  }

  /** The secret variable a platform would pass for {@code credential}: canary values in each entry the role reads. */
  private static Map<String, String> secret(String credential) {
    return switch (credential) {
      case "s3" -> Map.of("access_key", CANARY + "-s3-access_key", "secret_key", CANARY + "-s3-secret_key");
      case "registry" -> Map.of("username", CANARY + "-registry-username", "password", CANARY + "-registry-password");
      case "dr_databases" -> Map.of("mysql_password", CANARY + "-dr_databases-mysql_password",
          "mongodb_uri", CANARY + "-dr_databases-mongodb_uri");
      default -> Map.of("file", CANARY + "-" + credential);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  @DisplayName("a job's playbooks call zuul-steps with argv the real CLI parses, credentials only as files and"
      + " environment, and return every result to Zuul")
  void jobRunsItsSteps(String job, String branch, List<String> withheld, Map<String, Object> extraVars,
      List<Call> steps) throws Exception {
    ZuulJobs zuulJobs = new ZuulJobs();
    Map<String, Object> vars = new LinkedHashMap<>(zuulJobs.vars(job, branch));
    vars.putAll(commonVars(Ansible.recordingSteps(dir).toString(), branch));
    vars.putAll(extraVars);
    @SuppressWarnings("unchecked")
    List<String> credentials = (List<String>) vars.get("lanes_credentials");
    credentials.stream().filter(c -> !withheld.contains(c)).forEach(c -> vars.put("lanes_" + c, secret(c)));
    List<String> playbooks = new ArrayList<>(List.of("pre.yaml"));
    playbooks.addAll(zuulJobs.run(job));
    playbooks.add("post.yaml");

    Ansible.Run run = Ansible.playbooks(returned, vars, playbooks);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain(CANARY);
    List<Ansible.Call> calls = Ansible.calls(dir.resolve("calls.jsonl"));
    for (Ansible.Call call : calls) {
      assertThatCode(() -> StepArguments.parse(call.argv())).as("zuul-steps %s", call.argv()).doesNotThrowAnyException();
      assertThat(call.argv()).as("no secret in argv").noneMatch(a -> a.contains(CANARY));
    }
    List<Ansible.Call> expected = new ArrayList<>();
    expected.add(new Ansible.Call(List.of("--version"), Map.of()));
    if (Boolean.TRUE.equals(vars.get("lanes_resolve"))) {
      expected.add(expand(call("resolve --config MAP --zuul-vars WORK/zuul.json --result WORK/results/resolve.json")));
    }
    steps.forEach(step -> expected.add(expand(step)));
    assertThat(calls).containsExactlyElementsOf(expected);

    List<Map<String, Object>> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(work.resolve("results"))) {
      for (Path file : files.sorted().toList()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> result = JSON.readValue(file.toFile(), Map.class);
        results.add(result);
      }
    }
    // one result file per step called, and dr-drill.yaml's drill-artifacts.json, takeover.yaml's takeover-artifacts.json
    assertThat(results).hasSize(expected.size() - 1 + (FOR_PEOPLE.containsKey(job) && !job.equals("lanes-render") ? 1 : 0));
    assertThat(Ansible.returned(returned)).containsExactlyElementsOf(results);
    if (job.equals("lanes-dr-drill")) {
      assertThat(JSON.writeValueAsString(results.get(0))).as("drill-artifacts.json, sorted first").isEqualTo(
          "{\"zuul\":{\"artifacts\":[{\"name\":\"DR drill report (acme)\",\"url\":\"lanes/drill-report.md\","
              + "\"metadata\":{\"type\":\"lanes_drill_report\"}},{\"name\":\"DR drill trend (acme)\","
              + "\"url\":\"lanes/drill-trend.svg\",\"metadata\":{\"type\":\"lanes_drill_chart\"}}]}}");
    }
    if (job.equals("lanes-takeover")) {
      String kind = Boolean.TRUE.equals(extraVars.get("lanes_takeover_confirm")) ? "report" : "plan";
      assertThat(JSON.writeValueAsString(JSON.readValue(work.resolve("results/takeover-artifacts.json").toFile(),
              Map.class))).as("takeover-artifacts.json")
          .isEqualTo("{\"zuul\":{\"artifacts\":[{\"name\":\"DR takeover " + kind + " (acme)\","
              + "\"url\":\"lanes/takeover-report.md\",\"metadata\":{\"type\":\"lanes_takeover_report\"}}]}}");
    }
    assertThat(work.resolve("credentials")).doesNotExist();
    Path published = dir.resolve("zuul-output/logs/lanes");
    for (String forPeople : FOR_PEOPLE.getOrDefault(job, List.of())) {
      assertThat(published.resolve(forPeople)).as("published in the build's logs").hasContent(
          Files.readString(work.resolve("logs").resolve(forPeople)));
    }
    // every result file is kept in the build's logs too (machine-readable; the demo reads them from there), and
    // nothing else is published for a job whose step writes nothing for people
    try (var kept = Files.list(work.resolve("results"))) {
      for (Path result : kept.toList()) {
        assertThat(published.resolve("results").resolve(result.getFileName())).as("a result kept in the build's logs")
            .hasContent(Files.readString(result));
      }
    }
    if (!FOR_PEOPLE.containsKey(job) && Files.exists(published)) {
      try (var top = Files.list(published)) {
        assertThat(top.map(p -> p.getFileName().toString()).toList()).containsExactly("results");
      }
    }
  }

  /** What each job's step writes for people under WORK/logs, which post-run publishes in the build's logs. */
  private static final Map<String, List<String>> FOR_PEOPLE =
      Map.of("lanes-render", List.of("render/preview.md"), "lanes-dr-drill", List.of("drill-report.md", "drill-trend.svg"),
          "lanes-takeover", List.of("takeover-report.md"));

  private Ansible.Call expand(Call call) {
    List<String> argv = Stream.of(call.argv().split(" "))
        .map(a -> a.replace("MAP", src.resolve("lanes.config").toString())
            .replace("SRC", src.toString())
            .replace("WORK", work.toString())
            .replace("COMMIT", COMMIT)
            .replace("HEAD", head))
        .toList();
    return new Ansible.Call(argv, call.environment());
  }

  static Stream<Arguments> missingCredentials() {
    return Stream.of(
        Arguments.of("lanes-render", "lanes_kubeconfig", null,
            "job lanes-render needs the secret variable lanes_kubeconfig (a platform passes it to lanes-base in"
                + " zuul.d/platforms/<platform>.yaml)"),
        Arguments.of("lanes-backup-verify", "lanes_s3", Map.of("access_key", CANARY),
            "the secret variable lanes_s3 lacks secret_key"));
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("missingCredentials")
  @DisplayName("pre-run fails before any step, naming the secret variable or entry a job was not given")
  void missingCredentialFailsPreRun(String job, String variable, Map<String, String> given, String message)
      throws Exception {
    Map<String, Object> vars = new LinkedHashMap<>(new ZuulJobs().vars(job, "platform/acme"));
    vars.putAll(commonVars(Ansible.recordingSteps(dir).toString(), "platform/acme"));
    castMap(vars.get("zuul")).put("job", job);
    if (given != null) {
      vars.put(variable, given);
    }

    Ansible.Run pre = Ansible.playbooks(returned, vars, List.of("pre.yaml"));

    assertThat(pre.exitCode()).isNotZero();
    assertThat(pre.output()).contains(message).doesNotContain(CANARY);
    assertThat(Ansible.calls(dir.resolve("calls.jsonl"))).extracting(Ansible.Call::argv)
        .containsExactly(List.of("--version"));
  }

  @Test
  @DisplayName("build-image.yaml fails before any build when two build directories hold an image of the same name,"
      + " naming the image and both directories")
  void sameImageInTwoBuildDirsFails() throws Exception {
    Files.writeString(Files.createDirectories(src.resolve("env/plugins/acme/build/openedx")).resolve("Dockerfile"),
        "FROM scratch\n");
    Map<String, Object> vars = new LinkedHashMap<>(new ZuulJobs().vars("lanes-build-image", "platform/acme"));
    vars.putAll(commonVars(Ansible.recordingSteps(dir).toString(), "platform/acme"));
    vars.put("lanes_build_dirs", List.of("env/build", "env/plugins/acme/build"));

    Ansible.Run run = Ansible.playbooks(returned, vars, List.of("pre.yaml", "build-image.yaml"));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("lanes_build_dirs env/build, env/plugins/acme/build: image openedx is in more"
        + " than one build directory (env/build/openedx, env/plugins/acme/build/openedx)");
    assertThat(Ansible.calls(dir.resolve("calls.jsonl"))).extracting(call -> call.argv().get(0))
        .containsExactly("--version", "resolve");
  }

  /** The report call post-run makes with the lanes-gerrit secret, before its own flags (placeholders as in jobs()). */
  private static final String REPORT = "report --gerrit-url https://review.example.com --gerrit-username-env"
      + " GERRIT_USERNAME --gerrit-password-env GERRIT_PASSWORD --zuul-vars WORK/zuul.json";
  private static final Map<String, String> GERRIT_ENVIRONMENT =
      Map.of("GERRIT_USERNAME", "zuul", "GERRIT_PASSWORD", CANARY + "-gerrit-password");

  /** A job's variables with the site's lanes_gerrit_url and lanes-base's lanes-gerrit secret (a canary password). */
  private Map<String, Object> reportingVars(String job) throws Exception {
    Map<String, Object> vars = new LinkedHashMap<>(new ZuulJobs().vars(job, "platform/acme"));
    vars.putAll(commonVars(Ansible.recordingSteps(dir).toString(), "platform/acme"));
    @SuppressWarnings("unchecked")
    List<String> credentials = (List<String>) vars.get("lanes_credentials");
    credentials.forEach(c -> vars.put("lanes_" + c, secret(c)));
    vars.put("lanes_gerrit_url", "https://review.example.com");
    vars.put("lanes_gerrit", Map.of("username", "zuul", "password", CANARY + "-gerrit-password"));
    return vars;
  }

  @Test
  @DisplayName("post-run reports each result of a stage to Gerrit (both build directories' images), the password only"
      + " in the report's environment")
  void postRunReportsEachStage() throws Exception {
    Map<String, Object> vars = reportingVars("lanes-build-image");
    vars.put("lanes_build_dirs", List.of("env/build", "env/plugins/acme/build"));

    Ansible.Run run = Ansible.playbooks(returned, vars, List.of("pre.yaml", "build-image.yaml", "post.yaml"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain(CANARY);
    List<Ansible.Call> reports = Ansible.calls(dir.resolve("calls.jsonl")).stream()
        .filter(call -> call.argv().get(0).equals("report")).toList();
    assertThat(reports).containsExactly(
        expand(call(REPORT + " --from WORK/results/build-image-0.json", GERRIT_ENVIRONMENT)),
        expand(call(REPORT + " --from WORK/results/build-image-1.json", GERRIT_ENVIRONMENT)));
    for (Ansible.Call report : reports) {
      assertThatCode(() -> StepArguments.parse(report.argv())).as("zuul-steps %s", report.argv())
          .doesNotThrowAnyException();
    }
    assertThat(work.resolve("credentials")).doesNotExist();
    assertThat(Ansible.returned(returned).toString()).doesNotContain("warnings");
  }

  @Test
  @DisplayName("a failed step that wrote no result is reported as its stage FAILED; a report Gerrit refuses is a"
      + " warning on the build, never its failure")
  void failedStepReportedFailedAndReportFailureOnlyWarns() throws Exception {
    Map<String, Object> vars = reportingVars("lanes-render");
    Path steps = Path.of((String) vars.get("lanes_zuul_steps"));
    Files.writeString(steps.resolveSibling("fail-render"), "");
    Files.writeString(steps.resolveSibling("fail-report"), "");

    Ansible.Run failed = Ansible.playbooks(returned, vars, List.of("pre.yaml", "render.yaml"));
    assertThat(failed.exitCode()).isNotZero();
    vars.put("zuul_success", false);
    Ansible.Run post = Ansible.playbooks(returned, vars, List.of("post.yaml"));

    assertThat(post.exitCode()).as(post.output()).isZero();
    assertThat(post.output()).doesNotContain(CANARY);
    List<Ansible.Call> reports = Ansible.calls(dir.resolve("calls.jsonl")).stream()
        .filter(call -> call.argv().get(0).equals("report")).toList();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).argv()).containsExactlyElementsOf(Stream.concat(
        expand(call(REPORT)).argv().stream(),
        Stream.of("--failed", "render", "--summary", "job lanes-test failed before its step wrote a result: see its"
            + " log")).toList());
    assertThat(reports.get(0).environment()).isEqualTo(GERRIT_ENVIRONMENT);
    assertThatCode(() -> StepArguments.parse(reports.get(0).argv())).doesNotThrowAnyException();
    assertThat(Ansible.returned(returned)).contains(Map.of("zuul",
        Map.of("warnings", List.of("Lanes could not report to Gerrit: recorded failure of report"))));
    assertThat(work.resolve("credentials")).doesNotExist();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object map) {
    return (Map<String, Object>) map;
  }

  @Test
  @DisplayName("pre-run installs the real zuul-steps from a jar URL with its checksum and resolves the platform;"
      + " post-run returns the target")
  void realStepsResolve() throws Exception {
    Path jar = classpathJar();
    String checksum = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    Map<String, Object> vars = commonVars(dir.resolve("bin/zuul-steps").toString(), "platform/acme");
    vars.put("lanes_steps_jar_url", jar.toUri().toString());
    vars.put("lanes_steps_jar_checksum", checksum);
    vars.put("lanes_java", JAVA);
    vars.put("lanes_credentials", List.of("kubeconfig"));
    vars.put("lanes_kubeconfig", Map.of("file", CANARY));

    Ansible.Run pre = Ansible.playbooks(returned, vars, List.of("pre.yaml"));

    assertThat(pre.exitCode()).as(pre.output()).isZero();
    assertThat(pre.output()).doesNotContain(CANARY);
    Path credential = work.resolve("credentials/kubeconfig");
    assertThat(credential).hasContent(CANARY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credential))).isEqualTo("rw-------");
    assertThat(work.resolve("results/resolve.json")).exists();

    Ansible.Run post = Ansible.playbooks(returned, vars, List.of("post.yaml"));

    assertThat(post.exitCode()).as(post.output()).isZero();
    assertThat(credential).doesNotExist();
    List<Map<String, Object>> data = Ansible.returned(returned);
    assertThat(data).hasSize(1);
    assertThat(data.get(0).toString())
        .contains("platform=acme", "namespace=openedx-acme", "image_prefix=localhost:5000/acme",
            "image_tag=change-1234-ps-5");
  }

  @Test
  @DisplayName("the installed zuul-steps keeps one AOT cache per jar sha256 and JDK build: the first step run writes"
      + " it, later runs start from it, --version writes none, stdout stays the step's; a JDK before 25 runs without")
  void aotCache() throws Exception {
    Path jar = probeJar();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    Path cacheDir = dir.resolve("aot");
    Path steps = dir.resolve("bin/zuul-steps");
    Map<String, Object> vars = commonVars(steps.toString(), "platform/acme");
    vars.put("lanes_steps_jar_url", jar.toUri().toString());
    vars.put("lanes_steps_jar_checksum", "sha256:" + sha256);
    vars.put("lanes_java", JAVA);
    vars.put("lanes_resolve", false);
    vars.put("lanes_steps_aot_cache_dir", cacheDir.toString());

    Ansible.Run pre = Ansible.playbooks(returned, vars, List.of("pre.yaml"));

    assertThat(pre.exitCode()).as(pre.output()).isZero();
    assertThat(cacheDir).as("--version trains no cache").doesNotExist();
    // four caches of earlier jars, read 4, 3, 2 and 1 days ago: writing a new one keeps the two read last beside it
    Files.createDirectories(cacheDir);
    for (int days = 1; days <= 4; days++) {
      Path stale = Files.writeString(cacheDir.resolve("zuul-steps-old" + days + "-x.aot"), "stale");
      Files.setAttribute(stale, "lastAccessTime", FileTime.from(Instant.now().minus(Duration.ofDays(days))));
    }

    List<String> first = stdout(steps.toString(), "resolve", "--flag");

    Path cache;
    try (Stream<Path> files = Files.list(cacheDir)) {
      List<String> names = files.map(file -> file.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(3).contains("zuul-steps-old1-x.aot", "zuul-steps-old2-x.aot");
      String written = names.stream().filter(name -> !name.contains("-old")).findFirst().orElseThrow();
      assertThat(written).startsWith("zuul-steps-" + sha256 + "-").endsWith(".aot");
      cache = cacheDir.resolve(written);
    }
    Files.delete(cacheDir.resolve("zuul-steps-old1-x.aot"));
    Files.delete(cacheDir.resolve("zuul-steps-old2-x.aot"));
    assertThat(first).as("the recording run's stdout is the step's alone")
        .singleElement()
        .satisfies(line -> assertThat(line).contains("-XX:AOTMode=record").endsWith("args=resolve --flag"));
    assertThat(stdout(steps.toString(), "render"))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("-XX:AOTCache=" + cache).doesNotContain("AOTMode"));
    assertThat(stdout(JAVA, "-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-jar", jar.toString(), "check"))
        .as("the JVM maps the cache (AOTMode=on fails when it cannot)").hasSize(1);

    Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    if (Files.isExecutable(java17)) {
      Path old = dir.resolve("bin/zuul-steps-17");
      vars.put("lanes_zuul_steps", old.toString());
      vars.put("lanes_java", java17.toString());
      Ansible.Run pre17 = Ansible.playbooks(returned, vars, List.of("pre.yaml"));
      assertThat(pre17.exitCode()).as(pre17.output()).isZero();

      assertThat(stdout(old.toString(), "resolve"))
          .singleElement()
          .satisfies(line -> assertThat(line).doesNotContain("AOT").endsWith("args=resolve"));
      try (Stream<Path> files = Files.list(cacheDir)) {
        assertThat(files.toList()).as("no cache for Java 17").containsExactly(cache);
      }
    }
  }

  /** Runs {@code command}; its stdout lines (stderr apart), after checking it exits 0. */
  private List<String> stdout(String... command) throws Exception {
    Path err = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", List.of(command), Files.readString(err)).isZero();
    return out.lines().toList();
  }

  /**
   * A jar standing in for zuul-steps.jar, self-contained so the JDK can archive it: answers {@code --version}, and
   * otherwise prints the JVM's arguments and its own (Java 17 bytecode, so a JDK 17 runs it too).
   */
  private Path probeJar() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("probe/src"));
    Path classes = Files.createDirectories(dir.resolve("probe/classes"));
    Files.writeString(sources.resolve("Probe.java"), """
        public class Probe {
          public static void main(String[] args) {
            if (args.length > 0 && args[0].equals("--version")) {
              System.out.println("zuul-steps probe");
              return;
            }
            System.out.println(String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
                + " args=" + String.join(" ", args));
          }
        }
        """);
    int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
        classes.toString(), sources.resolve("Probe.java").toString());
    assertThat(compiled).isZero();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
    Path jar = dir.resolve("probe/zuul-steps.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new java.util.jar.JarEntry("Probe.class"));
      out.write(Files.readAllBytes(classes.resolve("Probe.class")));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  @DisplayName("pre-run fails the job early, with the step's message, when the branch belongs to no platform")
  void unmappedBranchFailsEarly() throws Exception {
    Path runner = dir.resolve("zuul-steps");
    String classpath = System.getProperty("java.class.path");
    Files.writeString(runner, "#!/bin/sh\nexec '" + JAVA + "' -cp '" + classpath + "' io.lanes.steps.cli.Main \"$@\"\n");
    assertThat(runner.toFile().setExecutable(true)).isTrue();

    Ansible.Run pre = Ansible.playbooks(returned, commonVars(runner.toString(), "platform/initech"), List.of("pre.yaml"));

    assertThat(pre.exitCode()).isNotZero();
    assertThat(pre.output())
        .contains("branch platform/initech belongs to no platform (known platforms: acme, globex)")
        .contains("\"rc\": 2");
    assertThat(work.resolve("results/resolve.json")).doesNotExist();
  }

  private Map<String, Object> commonVars(String steps, String branch) {
    Map<String, Object> zuul = new LinkedHashMap<>();
    zuul.put("branch", branch);
    zuul.put("change", "1234");
    zuul.put("patchset", "5");
    zuul.put("pipeline", "check");
    zuul.put("build", "5f1e2d3c4b5a");
    zuul.put("commit_id", COMMIT);
    zuul.put("job", "lanes-test");
    zuul.put("project", Map.of("canonical_name", "review.example.com/openedx-platforms", "src_dir",
        "src/review.example.com/openedx-platforms"));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("zuul", zuul);
    vars.put("lanes_zuul_steps", steps);
    vars.put("lanes_src_dir", src.toString());
    vars.put("lanes_work_dir", work.toString());
    vars.put("zuul_output_dir", dir.resolve("zuul-output").toString());
    vars.put("lanes_steps_aot_cache_dir", dir.resolve("aot-cache").toString());
    return vars;
  }

  /** A jar whose manifest runs the real CLI from this test's classpath: what pre-run installs. */
  private Path classpathJar() throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.lanes.steps.cli.Main");
    String classpath =
        Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(entry -> Path.of(entry).toUri().toString())
            .collect(Collectors.joining(" "));
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classpath);
    Path jar = dir.resolve("dist/zuul-steps.jar");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush();
    }
    return jar;
  }
}
