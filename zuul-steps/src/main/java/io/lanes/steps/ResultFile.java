package io.lanes.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --result} file: JSON that a playbook hands to {@code zuul_return: file:}. A step's own data goes under
 * {@code lanes} (keys outside {@code zuul} become variables of dependent jobs, so they are namespaced); {@code
 * zuul} carries artifacts, warnings and file comments. Written whole or not at all.
 */
public final class ResultFile {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFile() {}

  /** Writes {@code {"lanes": lanes}} and, when not empty, {@code "zuul": zuul}; does nothing without a path. */
  public static void write(Path path, Map<String, ?> lanes, Map<String, ?> zuul) {
    if (path == null) {
      return;
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("lanes", lanes);
    if (!zuul.isEmpty()) {
      document.put("zuul", zuul);
    }
    try {
      AtomicFile.replace(path, false, partial -> JSON.writeValue(partial.toFile(), document));
    } catch (IOException e) {
      throw StepException.failure("cannot write the result file " + path + ": " + e.getMessage(), e);
    }
  }
}
