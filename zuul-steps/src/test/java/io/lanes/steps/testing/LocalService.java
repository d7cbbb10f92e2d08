package io.lanes.steps.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real local service started by its script in {@code src/services/} (see that folder's README for the contract).
 * A service is started once per test JVM; at exit, the JVM stops only the services it started itself.
 */
public final class LocalService {
  private static final Map<String, Map<String, String>> RUNNING = new ConcurrentHashMap<>();

  private LocalService() {}

  /** Starts {@code name} (or finds it running) and returns its {@code KEY=VALUE} facts. */
  public static synchronized Map<String, String> start(String name) {
    Map<String, String> facts = RUNNING.get(name);
    if (facts != null) {
      return facts;
    }
    boolean wasRunning = run(name, "env", false).exitCode == 0;
    Result started = run(name, "start", true);
    facts = parse(started.stdout);
    RUNNING.put(name, facts);
    if (!wasRunning) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> run(name, "stop", false), "stop-" + name));
    }
    return facts;
  }

  /** The repository's root, found from the working directory of the test JVM. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("src/services"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("src/services not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private record Result(int exitCode, String stdout) {}

  private static Result run(String name, String verb, boolean mustSucceed) {
    Path script = root().resolve("src/services/" + name + ".sh");
    try {
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.toString(), verb).redirectError(ProcessBuilder.Redirect.INHERIT);
      // Swift as Magnum's registry meets it in production: behind Keystone (keystone.sh, started by swift.sh), with
      // tempauth's accounts kept for the tests that need nothing else. Set for every script, since some start Swift
      // themselves (registry.sh).
      builder.environment().put("LANES_SWIFT_KEYSTONE", "1");
      Process process = builder.start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " " + verb + ": still running after 5 minutes");
      }
      if (mustSucceed && process.exitValue() != 0) {
        throw new IllegalStateException(script + " " + verb + ": exit " + process.exitValue());
      }
      return new Result(process.exitValue(), stdout);
    } catch (IOException e) {
      throw new IllegalStateException(script + " " + verb + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(script + " " + verb + ": interrupted", e);
    }
  }

  private static Map<String, String> parse(String stdout) {
    Map<String, String> facts = new LinkedHashMap<>();
    stdout.lines()
        .map(String::strip)
        .filter(line -> line.matches("[A-Z][A-Z0-9_]*=.*"))
        .forEach(line -> facts.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    return facts;
  }
}
