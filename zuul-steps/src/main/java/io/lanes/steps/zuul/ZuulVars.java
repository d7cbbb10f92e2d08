package io.lanes.steps.zuul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.core.naming.LaneNames;
import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The parts of Zuul's {@code zuul} variable the steps use, read from {@code --zuul-vars FILE}: the JSON of {@code
 * zuul} (as {@code {{ zuul | to_json }}} writes it), or of a document with a {@code zuul} key.
 *
 * @param branch the change's target branch, without {@code refs/heads/}
 * @param change the change number, when the item is a change
 * @param patchset the patch set number, when the item is a change
 * @param project the project's name on its code review system ({@code zuul.project.name}, as Gerrit names it)
 * @param pipeline the pipeline running the job
 * @param buildUuid the build's UUID, used as a holder identity
 * @param commitId the change's own commit ({@code zuul.commit_id}: its patch set's revision), when the item is a
 *     change: its files are the ones Zuul may comment on
 */
public record ZuulVars(
    String branch,
    Optional<Integer> change,
    Optional<Integer> patchset,
    Optional<String> project,
    Optional<String> pipeline,
    Optional<String> buildUuid,
    Optional<String> commitId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The image tag this change's patch set builds, {@code change-<N>-ps-<M>}, when the item is a change. */
  public Optional<String> changeTag() {
    return change.flatMap(c -> patchset.map(ps -> LaneNames.changeTag(c, ps)));
  }

  /** Reads the file; a missing file, bad JSON or a missing {@code branch} is a configuration error naming it. */
  public static ZuulVars read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw StepException.configuration(file + ": no such file");
    } catch (IOException e) {
      throw StepException.configuration(file + ": not valid JSON: " + firstLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw StepException.configuration(file + ": expected a JSON object (the zuul variable)");
    }
    JsonNode zuul = root.has("zuul") ? root.get("zuul") : root;
    String branch = text(zuul, "branch").orElseThrow(
        () -> StepException.configuration(file + ": zuul.branch: missing"));
    Optional<Integer> change = number(file, zuul, "change");
    return new ZuulVars(
        branch,
        change,
        number(file, zuul, "patchset"),
        Optional.ofNullable(zuul.path("project").path("name").textValue()),
        text(zuul, "pipeline"),
        text(zuul, "build"),
        change.isPresent() ? text(zuul, "commit_id") : Optional.empty());
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static Optional<Integer> number(Path file, JsonNode node, String field) {
    Optional<String> text = text(node, field);
    try {
      return text.map(Integer::parseInt);
    } catch (NumberFormatException e) {
      throw StepException.configuration(file + ": zuul." + field + ": \"" + text.get() + "\" is not a number");
    }
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
