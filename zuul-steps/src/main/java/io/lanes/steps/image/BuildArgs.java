package io.lanes.steps.image;

import io.lanes.steps.StepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A platform's build arguments: {@code KEY=VALUE} lines, {@code #} comments, in the build directory. */
final class BuildArgs {
  private BuildArgs() {}

  /** The arguments in {@code file}, none when it does not exist; a malformed line is an error naming file:line. */
  static Map<String, String> read(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw StepException.configuration(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), lines);
  }

  static Map<String, String> parse(String where, List<String> lines) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      String key = equals < 0 ? line : line.substring(0, equals).strip();
      if (equals < 0 || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw StepException.configuration(where + ":" + (i + 1) + ": expected KEY=VALUE, got: " + line);
      }
      args.put(key, line.substring(equals + 1).strip());
    }
    return args;
  }
}
