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
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

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
        .isEqualTo(own + ": ok (11 files: 24 jobs, 1 nodeset, 8 pipelines, 3 projects, 3 project-templates, 1 queue,"
            + " 13 secrets, 2 semaphores)\n");
  }

  /** The broken copies: shared with {@link RealZuulLoadsLanesConfigTest}, which loads each into real Zuul. */
  static final String BROKEN_COPIES = "/io/lanes/steps/zuulconfig/broken-copies.csv";

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = BROKEN_COPIES, delimiter = '|', quoteCharacter = '`', numLinesToSkip = 1)
  @DisplayName("a broken copy of zuul.d fails with exit 2 and exactly one line naming file and line")
  void brokenCopyFails(String what, String file, String from, String to, String expected) throws IOException {
    edit(file, lines(from), lines(to));

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 2, expected.formatted(zuulD));
    assertThat(run.out()).isEmpty();
  }




  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          a job variant of one platform using another platform's secret is a policy violation: exit 3 | platforms/acme.yaml | `        secret: acme-s3\\n` | `        secret: globex-s3\\n` | platforms/acme.yaml:25: job lanes-base: platform acme: uses secret "globex-s3" of platform globex
          a job variant of one platform setting another platform's namespace is a policy violation: exit 3 | platforms/globex.yaml | `    semaphores: lanes-deploy-globex\\n` | `    semaphores: lanes-deploy-globex\\n    vars:\\n      lanes_namespace: openedx-acme\\n` | platforms/globex.yaml:39: job lanes-deploy: platform globex: vars.lanes_namespace sets namespace "openedx-acme" of platform acme
          a project's job variant for one platform attaching another platform's secret: exit 3 | projects.yaml | `    promote:\\n      jobs:\\n` | `    promote:\\n      jobs:\\n        - lanes-deploy:\\n            branches: ^platform/acme$\\n            secrets:\\n              - name: lanes_s3\\n                secret: globex-s3\\n` | projects.yaml:4: project openedx-platforms: platform acme: promote.lanes-deploy.secrets uses secret "globex-s3" of platform globex
          """)
  @DisplayName("a job or variant of one platform using another platform's secret or namespace: exit 3, one line")
  void anotherPlatformsSecretOrNamespace(String what, String file, String from, String to, String expected)
      throws IOException {
    edit(file, lines(from), lines(to));

    StepRun run = checkCopy("--config", MAP);

    assertOneLine(run, 3, expected);
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
            zuulD + "/jobs.yaml:99: job lanes-deploy: timeout: expected an integer, got the string \"90m\"",
            zuulD + "/templates.yaml:10: project-template lanes-platform: \"gates\" is neither an attribute nor a"
                + " pipeline (pipelines: check, gate, periodic, preview, preview-cleanup, promote, takeover,"
                + " takeover-plan)");
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
    assertThat(run.err()).isEqualTo("unknown platform initech (known platforms: acme, globex)\n");
  }

  @Test
  @DisplayName("--result records the stanzas checked, and .yml warnings for Zuul")
  void resultFile() throws IOException {
    Files.writeString(zuulD.resolve("extra.yml"), "[]\n");
    Path result = copy.resolve("result.json");

    StepRun run = checkCopy("--result", result.toString());

    assertThat(run.exitCode()).isZero();
    String json = Files.readString(result);
    assertThat(json).contains("\"semaphore\" : 2").contains("\"job\" : 24");
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

  /** A table cell's text with its {@code \n} written as such, as the lines of a file. */
  static String lines(String cell) {
    return cell.replace("\\n", "\n");
  }

  private void edit(String file, String from, String to) throws IOException {
    Path path = zuulD.resolve(file);
    String text = Files.readString(path);
    assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of %s in %s", from, file).hasSize(2);
    Files.writeString(path, text.replace(from, to));
  }

  /** Copies the tree at {@code from} to {@code to}. */
  static void copyTree(Path from, Path to) throws IOException {
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
