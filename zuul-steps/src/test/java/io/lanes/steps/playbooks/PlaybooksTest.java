package io.lanes.steps.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
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

  @TempDir Path dir;
  Path src;
  Path work;
  Path returned;

  @BeforeEach
  void platformCheckout() throws Exception {
    src = Files.createDirectories(dir.resolve("src"));
    work = dir.resolve("work");
    returned = dir.resolve("returned.jsonl");
    Files.copy(Ansible.REPOSITORY.resolve("src/sample-platform/lanes.config"), src.resolve("lanes.config"));
  }

  @Test
  @DisplayName("every playbook passes ansible-playbook --syntax-check")
  void syntaxCheck() throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/ansible-playbook", "-i", "localhost,", "--syntax-check"));
    try (Stream<Path> playbooks = Files.list(Ansible.PLAYBOOKS)) {
      playbooks.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> command.add(p.toString()));
    }
    assertThat(command).hasSize(4 + 10);

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

  static Stream<Arguments> jobs() {
    String s = "SRC";
    String w = "WORK";
    return Stream.of(
        job("lanes-render", step("render", true, List.of("--platform-dir", s, "--output", w + "/render"), "kubeconfig")),
        job("lanes-build-image",
            step("build-image", true, List.of("--platform-dir", s, "--docker-host", "unix:///var/run/docker.sock"))),
        job("lanes-push-image",
            step("build-image", true, List.of("--platform-dir", s, "--docker-host", "unix:///var/run/docker.sock")),
            step("push-image", true, List.of("--docker-host", "unix:///var/run/docker.sock"), "registry")),
        job("lanes-promote", step("promote", true, List.of(), "registry")),
        job("lanes-deploy", step("deploy", true, List.of("--platform-dir", s), "kubeconfig")),
        job("lanes-backup-verify", step("backup verify", true, List.of(), "s3")),
        job("lanes-dr-drill", step("drill", true, List.of(), "s3", "kubeconfig")),
        job("lanes-cluster-apply", step("cluster apply", false, List.of("--spec", s + "/clusters/prod.yaml"), "openstack")));
  }

  /** One step call the job must make: the step, whether it gets the platform map and Zuul vars, its flags, credentials. */
  record Step(String name, boolean platform, List<String> args, List<String> credentials) {}

  private static Step step(String name, boolean platform, List<String> args, String... credentials) {
    return new Step(name, platform, args, List.of(credentials));
  }

  private static Arguments job(String name, Step... steps) {
    return Arguments.of(name, List.of(steps));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  @DisplayName("a job's pre-run, run and post-run call zuul-steps as declared and return every result to Zuul")
  void jobRunsItsSteps(String job, List<Step> steps) throws Exception {
    ZuulJobs zuulJobs = new ZuulJobs();
    Path steps_ = Ansible.recordingSteps(dir);
    Map<String, Object> vars = new LinkedHashMap<>(zuulJobs.vars(job));
    vars.putAll(commonVars(steps_.toString(), "platform/acme"));
    @SuppressWarnings("unchecked")
    List<String> credentials = (List<String>) vars.get("lanes_credentials");
    credentials.forEach(c -> vars.put("lanes_" + c, Map.of("file", CANARY + "-" + c)));
    List<String> playbooks = new ArrayList<>(List.of("pre.yaml"));
    playbooks.addAll(zuulJobs.run(job));
    playbooks.add("post.yaml");

    Ansible.Run run = Ansible.playbooks(returned, vars, playbooks);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain(CANARY);
    List<List<String>> expected = new ArrayList<>();
    expected.add(List.of("--version"));
    boolean resolves = Boolean.TRUE.equals(vars.get("lanes_resolve"));
    if (resolves) {
      expected.add(argv(new Step("resolve", true, List.of(), List.of()), credentials));
    }
    steps.forEach(step -> expected.add(argv(step, credentials)));
    assertThat(Ansible.calls(dir.resolve("calls.jsonl"))).containsExactlyElementsOf(expected);

    List<String> returnedSteps = new ArrayList<>();
    for (Map<String, Object> data : Ansible.returned(returned)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> lanes = (Map<String, Object>) data.get("lanes");
      returnedSteps.addAll(lanes.keySet());
      assertThat(data).containsKey("zuul");
    }
    List<String> expectedReturned = new ArrayList<>(resolves ? List.of("resolve") : List.of());
    steps.forEach(step -> expectedReturned.add(step.name().replace(' ', '_')));
    assertThat(returnedSteps).containsExactlyInAnyOrderElementsOf(expectedReturned);
    assertThat(work.resolve("credentials")).doesNotExist();
  }

  private List<String> argv(Step step, List<String> jobCredentials) {
    List<String> argv = new ArrayList<>(List.of(step.name().split(" ")));
    if (step.platform()) {
      argv.addAll(List.of("--config", src.resolve("lanes.config").toString(), "--zuul-vars", work + "/zuul.json"));
    }
    step.args().forEach(a -> argv.add(a.replace("SRC", src.toString()).replace("WORK", work.toString())));
    for (String credential : jobCredentials) {
      if (step.credentials().contains(credential)) {
        argv.add(Map.of("kubeconfig", "--kubeconfig", "registry", "--registry-auth", "s3", "--s3-credentials",
            "openstack", "--os-config").get(credential));
        argv.add(work + "/credentials/" + credential);
      }
    }
    argv.addAll(List.of("--result", work + "/results/" + step.name().replace(' ', '-') + ".json"));
    return argv;
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
  @DisplayName("pre-run fails the job early, with the step's message, when the branch belongs to no platform")
  void unmappedBranchFailsEarly() throws Exception {
    Path runner = dir.resolve("zuul-steps");
    String classpath = System.getProperty("java.class.path");
    Files.writeString(runner, "#!/bin/sh\nexec '" + JAVA + "' -cp '" + classpath + "' io.lanes.steps.Main \"$@\"\n");
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
    zuul.put("project", Map.of("canonical_name", "review.example.com/openedx-platforms", "src_dir",
        "src/review.example.com/openedx-platforms"));
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("zuul", zuul);
    vars.put("lanes_zuul_steps", steps);
    vars.put("lanes_src_dir", src.toString());
    vars.put("lanes_work_dir", work.toString());
    return vars;
  }

  /** A jar whose manifest runs the real CLI from this test's classpath: what pre-run installs. */
  private Path classpathJar() throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.lanes.steps.Main");
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
