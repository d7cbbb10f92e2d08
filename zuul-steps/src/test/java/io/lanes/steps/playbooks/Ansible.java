package io.lanes.steps.playbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's real {@code ansible-playbook} and {@code ansible-lint} (installed from src/scripts/packages.txt) on
 * this repository's playbooks, on localhost, with the {@code zuul_return} test double of
 * src/test/resources/ansible/library recording what the playbooks return into a file.
 */
final class Ansible {
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  static final Path PLAYBOOKS = REPOSITORY.resolve("playbooks");
  static final Path TEST_DOUBLES = Path.of("src/test/resources/ansible").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a command printed and its exit code. */
  record Run(int exitCode, String output) {}

  private Ansible() {}

  /** {@code ansible-playbook -i localhost, -c local PLAYBOOKS... -e EXTRA_VARS}, zuul_return recorded in {@code returned}. */
  static Run playbooks(Path returned, Map<String, Object> extraVars, List<String> playbooks) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/ansible-playbook", "-i", "localhost,", "-c", "local"));
    playbooks.forEach(p -> command.add(PLAYBOOKS.resolve(p).toString()));
    command.add("-e");
    command.add(JSON.writeValueAsString(extraVars));
    return run(command, REPOSITORY, Map.of("ZUUL_RETURN_RECORD", returned.toString()));
  }

  /** Runs {@code command} in {@code directory} with Ansible's settings for tests, to its end (5 minutes at most). */
  static Run run(List<String> command, Path directory, Map<String, String> environment) throws Exception {
    Path output = Files.createTempFile("ansible", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
      Map<String, String> env = builder.environment();
      env.put("ANSIBLE_LIBRARY", TEST_DOUBLES.resolve("library").toString());
      env.put("ANSIBLE_GATHERING", "explicit");
      env.put("ANSIBLE_NOCOLOR", "1");
      env.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
      env.put("PY_COLORS", "0");
      env.putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The data of each zuul_return call, in order. */
  static List<Map<String, Object>> returned(Path record) throws IOException {
    if (!Files.exists(record)) {
      return List.of();
    }
    List<Map<String, Object>> calls = new ArrayList<>();
    for (String line : Files.readAllLines(record)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> data = JSON.readValue(line, Map.class);
      calls.add(data);
    }
    return calls;
  }

  /** One call of the recording zuul-steps double: its arguments and the credential variables it was given. */
  record Call(List<String> argv, Map<String, String> environment) {}

  /** The calls of the recording zuul-steps double, in order. */
  static List<Call> calls(Path record) throws IOException {
    List<Call> calls = new ArrayList<>();
    for (String line : Files.readAllLines(record)) {
      calls.add(JSON.readValue(line, Call.class));
    }
    return calls;
  }

  /** Copies the recording zuul-steps double into {@code directory}, executable; its calls land beside it. */
  static Path recordingSteps(Path directory) throws IOException {
    Path steps = directory.resolve("record-steps");
    Files.copy(TEST_DOUBLES.resolve("record-steps"), steps);
    assertThat(steps.toFile().setExecutable(true)).isTrue();
    return steps;
  }
}
