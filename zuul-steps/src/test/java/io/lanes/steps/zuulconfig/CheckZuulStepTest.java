package io.lanes.steps.zuulconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckZuulStepTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String MAP = REPOSITORY.resolve("src/sample-platform/lanes.config").toString();

  @TempDir Path copy;
  Path zuulD;

  @BeforeEach
  void copyThisRepositorysConfig() throws IOException {
    zuulD = copy.resolve("zuul.d");
    copyTree(REPOSITORY.resolve("zuul.d"), zuulD);
    copyTree(REPOSITORY.resolve("playbooks"), copy.resolve("playbooks"));
  }

  @Test
  @DisplayName("this repository's zuul.d passes, lane policy included, and says what it holds")
  void thisRepositoryPasses() {
    Path own = REPOSITORY.resolve("zuul.d");

    StepRun run = StepRun.of("check-zuul", own.toString(), "--config", MAP);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(own + ": ok (9 files: 15 jobs, 1 nodeset, 4 pipelines, 1 project, 1 project-template, 1 queue,"
            + " 9 secrets, 2 semaphores)\n");
  }

  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        broken("a YAML syntax error", "jobs.yaml", "    abstract: true\n", "    abstract: true\n   nodeset: x\n",
            "jobs.yaml:7: YAML syntax error: expected <block end>, but found '<block mapping start>'"),
        broken("a duplicate key", "jobs.yaml", "    run: playbooks/render.yaml\n",
            "    run: playbooks/render.yaml\n    run: playbooks/deploy.yaml\n",
            "jobs.yaml:27: duplicate key \"run\" (first at line 26)"),
        broken("a tag Zuul does not know", "secrets.yaml", "!encrypted/pkcs1-oaep", "!encrypted/rsa",
            "secrets.yaml:6: unknown tag !encrypted/rsa (Zuul knows !encrypted/pkcs1-oaep, !override, !inherit,"
                + " !unsafe)"),
        broken("an unknown stanza type", "queues.yaml", "- queue:", "- queues:",
            "queues.yaml:1: unknown stanza type \"queues\" (job, nodeset, pipeline, pragma, project,"
                + " project-template, queue, secret, semaphore)"),
        broken("an unknown job attribute", "jobs.yaml", "    run: playbooks/render.yaml\n",
            "    playbook: playbooks/render.yaml\n",
            "jobs.yaml:26: job lanes-render: unknown attribute \"playbook\""),
        broken("a timeout that is not an integer", "jobs.yaml", "    timeout: 5400\n", "    timeout: 90m\n",
            "jobs.yaml:76: job lanes-deploy: timeout: expected an integer, got the string \"90m\""),
        broken("an undefined parent", "jobs.yaml", "    name: lanes-promote\n    parent: lanes-base\n",
            "    name: lanes-promote\n    parent: lanes-bse\n",
            "jobs.yaml:61: job lanes-promote: parent: job lanes-bse is not defined (one defined in another project:"
                + " --external lanes-bse)"),
        broken("an undefined job in a template", "templates.yaml", "        - lanes-build-image\n",
            "        - lanes-build-imgae\n",
            "templates.yaml:9: project-template lanes-platform: check: job lanes-build-imgae is not defined (one"
                + " defined in another project: --external lanes-build-imgae)"),
        broken("an undefined template", "projects.yaml", "      - lanes-platform\n", "      - lanes-platfrom\n",
            "projects.yaml:10: project openedx-platforms: templates: project-template lanes-platfrom is not"
                + " defined"),
        broken("an undefined semaphore", "platforms/acme.yaml", "    semaphores: lanes-deploy-acme\n",
            "    semaphores: lanes-deploy-acm\n",
            "platforms/acme.yaml:42: job lanes-deploy: semaphores: semaphore lanes-deploy-acm is not defined (one"
                + " defined in another project: --external lanes-deploy-acm)"),
        broken("a secret of another project", "platforms/acme.yaml", "        secret: acme-s3\n",
            "        secret: acme-s4\n",
            "platforms/acme.yaml:36: job lanes-base: secrets: secret acme-s4 is not defined in this project (Zuul"
                + " only gives a job the secrets of its own project)"),
        broken("a playbook that does not exist", "jobs.yaml", "run: playbooks/render.yaml", "run: playbooks/rendr.yaml",
            "jobs.yaml:26: job lanes-render: run: playbooks/rendr.yaml does not exist"),
        broken("a variable name Zuul rejects", "jobs.yaml", "      lanes_resolve: true\n",
            "      lanes-resolve: true\n",
            "jobs.yaml:18: job lanes-base: vars: \"lanes-resolve\" is not a valid variable name (letters, digits, _)"),
        broken("a variable name Zuul keeps for itself", "jobs.yaml",
            "      lanes_resolve: true\n      lanes_credentials: []\n",
            "      lanes_resolve: true\n      lanes_credentials: []\n      nodepool: {}\n",
            "jobs.yaml:20: job lanes-base: vars: \"nodepool\" is reserved by Zuul"),
        broken("a branch matcher that is not a regular expression", "platforms/acme.yaml",
            "    name: lanes-deploy\n    branches: ^platform/acme$\n",
            "    name: lanes-deploy\n    branches: ^platform/(acme$\n",
            "platforms/acme.yaml:41: job lanes-deploy: branches: invalid regular expression \"^platform/(acme$\":"
                + " Unclosed group"),
        broken("a secret in plain text", "secrets.yaml",
            "      file: !encrypted/pkcs1-oaep\n        - c2FtcGxlIHBsYWNlaG9sZGVyLCBub3QgY2lwaGVydGV4dDogb3BlbnN0YWNr\n",
            "      file: hunter2\n",
            "secrets.yaml:6: secret lanes-openstack: data.file: not encrypted (use !encrypted/pkcs1-oaep: a plain"
                + " value in git is public)"),
        broken("a semaphore defined twice", "platforms/acme.yaml", "    name: lanes-deploy-acme\n    max: 1\n",
            "    name: lanes-deploy-acme\n    max: 1\n\n- semaphore:\n    name: lanes-deploy-acme\n    max: 2\n",
            "platforms/acme.yaml:7: semaphore lanes-deploy-acme: already defined at %s/platforms/acme.yaml:3"),
        broken("a misspelt pipeline", "templates.yaml", "    gate:\n", "    gates:\n",
            "templates.yaml:10: project-template lanes-platform: \"gates\" is neither an attribute nor a pipeline"
                + " (pipelines: check, gate, periodic, promote)"),
        broken("an unknown pipeline manager", "pipelines.yaml", "    manager: supercedent\n",
            "    manager: supersedent\n",
            "pipelines.yaml:63: pipeline promote: manager: the string \"supersedent\" is not one of dependent,"
                + " independent, serial, supercedent"),
        broken("parents that form a cycle", "jobs.yaml", "    abstract: true\n",
            "    abstract: true\n    parent: lanes-render\n",
            "jobs.yaml:4: job lanes-base: parent: a cycle: lanes-base -> lanes-render -> lanes-base"),
        broken("a file that is not a list of stanzas", "queues.yaml", "- queue:\n    name: openedx-platforms\n",
            "queue:\n    name: openedx-platforms\n",
            "queues.yaml:1: expected a list of stanzas (- job: ..., - project: ...)"),
        broken("a semaphore without a name", "platforms/acme.yaml", "    name: lanes-deploy-acme\n    max: 1\n",
            "    name: lanes-deploy-acme\n    max: 1\n\n- semaphore:\n    max: 2\n",
            "platforms/acme.yaml:7: semaphore: name is required"));
  }

  private static Arguments broken(String what, String file, String from, String to, String expected) {
    return Arguments.of(what, file, from, to, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCopies")
  @DisplayName("a broken copy of zuul.d fails with exit 2 and exactly one line naming file and line")
  void brokenCopyFails(String what, String file, String from, String to, String expected) throws IOException {
    edit(file, from, to);

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 2, expected.formatted(zuulD));
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("a job variant of one platform using another platform's secret is a policy violation: exit 3")
  void anotherPlatformsSecret() throws IOException {
    edit("platforms/acme.yaml", "        secret: acme-s3\n", "        secret: globex-s3\n");

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 3,
        "platforms/acme.yaml:25: job lanes-base: platform acme: uses secret \"globex-s3\" of platform globex");
  }

  @Test
  @DisplayName("a job variant of one platform setting another platform's namespace is a policy violation: exit 3")
  void anotherPlatformsNamespace() throws IOException {
    edit("platforms/globex.yaml", "    semaphores: lanes-deploy-globex\n",
        "    semaphores: lanes-deploy-globex\n    vars:\n      lanes_namespace: openedx-acme\n");

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 3,
        "platforms/globex.yaml:39: job lanes-deploy: platform globex: vars.lanes_namespace sets namespace"
            + " \"openedx-acme\" of platform acme");
  }

  @Test
  @DisplayName("a project's job variant for one platform attaching another platform's secret: exit 3")
  void projectVariantWithAnotherPlatformsSecret() throws IOException {
    edit("projects.yaml", "    promote:\n      jobs:\n",
        "    promote:\n      jobs:\n        - lanes-deploy:\n            branches: ^platform/acme$\n"
            + "            secrets:\n              - name: lanes_s3\n                secret: globex-s3\n");

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 3,
        "projects.yaml:4: project openedx-platforms: platform acme: promote.lanes-deploy.secrets uses secret"
            + " \"globex-s3\" of platform globex");
  }

  @Test
  @DisplayName("with --platform, a project's own vars setting another platform's namespace fail: exit 3")
  void projectVarsWithAnotherPlatformsNamespace() throws IOException {
    edit("projects.yaml", "    queue: openedx-platforms\n",
        "    queue: openedx-platforms\n    vars:\n      lanes_namespace: openedx-acme\n");

    StepRun shared = checkCopy("--config", MAP);
    StepRun globex = checkCopy("--config", MAP, "--platform", "globex");

    assertThat(shared.exitCode()).as(shared.err()).isZero();
    assertThat(globex.exitCode()).isEqualTo(3);
    assertThat(globex.err().lines())
        .contains(zuulD + "/projects.yaml:4: project openedx-platforms: platform globex: vars.lanes_namespace sets"
            + " namespace \"openedx-acme\" of platform acme");
  }

  @Test
  @DisplayName("with --platform every stanza speaks for that platform: a shared job using acme's secret fails")
  void platformBranchConfig() throws IOException {
    StepRun run = checkCopy("--config", MAP, "--platform", "globex");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err().lines())
        .contains(zuulD + "/platforms/acme.yaml:25: job lanes-base: platform globex: uses secret"
            + " \"acme-kubeconfig\" of platform acme");
  }

  @Test
  @DisplayName("a .yml file is ignored by Zuul: a warning, not a failure")
  void ymlFileWarns() throws IOException {
    Files.writeString(zuulD.resolve("extra.yml"), "- job:\n    name: never-loaded\n");

    StepRun run = checkCopy();

    assertOneLine(run, 0, "extra.yml: warning: ignored: Zuul reads only *.yaml files");
  }

  @Test
  @DisplayName("several problems in several files come together, sorted by file and line")
  void problemsTogether() throws IOException {
    edit("jobs.yaml", "    timeout: 5400\n", "    timeout: 90m\n");
    edit("templates.yaml", "    gate:\n", "    gates:\n");
    Files.writeString(zuulD.resolve("extra.yaml"), "- job:\n    name: x\n    voting: maybe\n");

    StepRun run = checkCopy();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines())
        .containsExactly(
            zuulD + "/extra.yaml:3: job x: voting: expected true or false, got the string \"maybe\"",
            zuulD + "/jobs.yaml:76: job lanes-deploy: timeout: expected an integer, got the string \"90m\"",
            zuulD + "/templates.yaml:10: project-template lanes-platform: \"gates\" is neither an attribute nor a"
                + " pipeline (pipelines: check, gate, periodic, promote)");
  }

  @Test
  @DisplayName("--external accepts a parent defined in another project of the tenant")
  void externalParent() throws IOException {
    edit("jobs.yaml", "    abstract: true\n", "    abstract: true\n    parent: base\n");

    assertThat(checkCopy().exitCode()).isEqualTo(2);
    assertThat(checkCopy("--external", "base").exitCode()).isZero();
  }

  @Test
  @DisplayName("a missing directory, or one without *.yaml, is one line naming it, exit 2")
  void missingDirectory() throws IOException {
    Path empty = Files.createDirectories(copy.resolve("empty"));

    StepRun missing = StepRun.of("check-zuul", copy.resolve("nope").toString());
    StepRun none = StepRun.of("check-zuul", empty.toString());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo(copy.resolve("nope") + ": no such directory\n");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).isEqualTo(empty + ": no *.yaml file (Zuul reads only *.yaml)\n");
  }

  @Test
  @DisplayName("--platform names a platform of the map, else exit 2 listing the known ones")
  void unknownPlatform() {
    StepRun run = checkCopy("--config", MAP, "--platform", "initech");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("--platform initech: no such platform (known platforms: acme, globex)\n");
  }

  @Test
  @DisplayName("--result records the stanzas checked, and .yml warnings for Zuul")
  void resultFile() throws IOException {
    Files.writeString(zuulD.resolve("extra.yml"), "[]\n");
    Path result = copy.resolve("result.json");

    StepRun run = checkCopy("--result", result.toString());

    assertThat(run.exitCode()).isZero();
    String json = Files.readString(result);
    assertThat(json).contains("\"semaphore\" : 2").contains("\"job\" : 15");
    assertThat(json).contains("\"warnings\" : [ \"" + zuulD + "/extra.yml: warning: ignored");
  }

  /** Runs check-zuul on the copy's zuul.d with {@code options}. */
  private StepRun checkCopy(String... options) {
    return StepRun.of(Stream.concat(Stream.of("check-zuul", zuulD.toString()), Stream.of(options)).toArray(String[]::new));
  }

  /** {@code run} exited with {@code exit} and said exactly one line: {@code line} about a file of the copy's zuul.d. */
  private void assertOneLine(StepRun run, int exit, String line) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exit);
    assertThat(run.err()).isEqualTo(zuulD + "/" + line + "\n");
  }

  private void edit(String file, String from, String to) throws IOException {
    Path path = zuulD.resolve(file);
    String text = Files.readString(path);
    assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of %s in %s", from, file).hasSize(2);
    Files.writeString(path, text.replace(from, to));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }
}
