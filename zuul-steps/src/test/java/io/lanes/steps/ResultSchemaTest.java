package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code --result} files steps write match the schema published in docs/result.schema.json, and the step's
 * data is the result's only output: stdout and stderr do not carry the JSON. Steps that need services this test
 * cannot start (registry, podman, Kubernetes, S3, databases, Magnum) are left to their own suites.
 */
public class ResultSchemaTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String MAP = "../src/sample-platform/lanes.config";
  private static final String SAMPLE = "../src/sample-platform";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Schema schema;

  @TempDir static Path dir;

  @BeforeAll
  static synchronized void loadSchema() throws IOException {
    if (schema == null) {
      String text = Files.readString(REPOSITORY.resolve("docs/result.schema.json"));
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    }
  }

  static Stream<Arguments> steps() throws IOException {
    Path zuulVars = Files.writeString(dir.resolve("zuul.json"),
        "{\"zuul\": {\"branch\": \"platform/acme\", \"change\": \"1234\", \"patchset\": \"5\"}}");
    return Stream.of(
        Arguments.of("check_config", List.of("check-config", MAP)),
        Arguments.of("target", List.of("resolve", "--config", MAP, "--zuul-vars", zuulVars.toString())),
        Arguments.of("check_zuul", List.of("check-zuul", "../zuul.d")),
        Arguments.of("backup_install", List.of("backup", "install", "--config", MAP, "--platform", "acme",
            "--image", "registry/lanes/zuul-steps:1", "--output", dir.resolve("backup.yaml").toString())),
        Arguments.of("render", List.of("render", "--config", MAP, "--zuul-vars", zuulVars.toString(),
            "--tutor-root", SAMPLE, "--output", dir.resolve("render").toString())));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("steps")
  @DisplayName("a step's --result matches docs/result.schema.json, its data under one key, not on stdout")
  void resultMatchesSchema(String key, List<String> args) throws IOException {
    Path result = dir.resolve(key + ".json");
    List<String> argv = new ArrayList<>(args);
    argv.addAll(List.of("--result", result.toString()));

    StepRun run = StepRun.withEnvironment(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), argv.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode document = JSON.readTree(result.toFile());
    assertThat(errors(document)).as("%s against the schema", document).isEmpty();
    assertThat(document.path("lanes").fieldNames()).toIterable().containsExactly(key);
    assertThat(run.out() + run.err()).as("the result is only in --result").doesNotContain("\"lanes\"");
  }

  @Test
  @DisplayName("the schema refuses what a consumer could not rely on: no lanes, two keys under it, a stray key, a bad comment")
  void schemaRefuses() throws IOException {
    assertThat(errors(JSON.readTree("{\"lanes\": {\"target\": {}}}"))).isNotEmpty(); // required keys missing
    assertThat(errors(JSON.readTree("{\"zuul\": {}}"))).isNotEmpty();
    assertThat(errors(JSON.readTree("{\"lanes\": {\"check_config\": {\"config\": \"f\", \"platforms\": []},"
        + " \"render\": {}}}"))).isNotEmpty();
    assertThat(errors(JSON.readTree("{\"lanes\": {\"check_config\": {\"config\": \"f\", \"platforms\": []}},"
        + " \"platforms\": []}"))).isNotEmpty();
    assertThat(errors(JSON.readTree("{\"lanes\": {\"check_config\": {\"config\": \"f\", \"platforms\": []}},"
        + " \"zuul\": {\"file_comments\": {\"a.yaml\": [{\"line\": 0, \"message\": \"m\"}]}}}"))).isNotEmpty();
    assertThat(errors(JSON.readTree("{\"lanes\": {\"check_config\": {\"config\": \"f\", \"platforms\": [\"acme\"]}}}")))
        .isEmpty();
  }

  @Test
  @DisplayName("render's init tasks: each state a task can have against the live release (new, changed, live) is valid; another word is refused")
  void initTaskStates() throws IOException {
    String render = "{\"lanes\": {\"render\": {\"platform\": \"acme\", \"namespace\": \"openedx-acme\", \"revision\": \"r\","
        + " \"image_tag\": \"t\", \"compared\": true, \"init_tasks_removed\": [\"07-foo\"], \"init_tasks\": [%s]}}}";
    String task = "{\"order\": 1, \"task\": \"lms\", \"from\": \"Tutor 22.0.3\", \"job\": \"lms-job\","
        + " \"script_sha256\": \"" + "a".repeat(64) + "\"%s}";
    for (String state : List.of("new", "changed", "live")) {
      assertThat(errors(JSON.readTree(render.formatted(task.formatted(", \"live\": \"" + state + "\""))))).as(state).isEmpty();
    }
    assertThat(errors(JSON.readTree(render.formatted(task.formatted(""))))).as("not compared").isEmpty();
    assertThat(errors(JSON.readTree(render.formatted(task.formatted(", \"live\": \"had it\""))))).isNotEmpty();
    assertThat(errors(JSON.readTree(render.formatted(task.formatted(", \"state\": \"live\""))))).isNotEmpty();
  }

  /** The errors of {@code document} against docs/result.schema.json: for the suites that run the steps this one cannot. */
  public static List<String> errors(JsonNode document) throws IOException {
    loadSchema();
    return schema.validate(document).stream().map(Error::toString).toList();
  }
}
