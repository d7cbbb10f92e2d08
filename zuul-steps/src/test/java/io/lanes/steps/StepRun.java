package io.lanes.steps;

import io.lanes.steps.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** One run of the CLI end to end, through {@link Main#run(StepContext, String...)}, with what it printed. */
public record StepRun(int exitCode, String out, String err) {

  /** Runs {@code args} at {@code now} with an empty environment. */
  public static StepRun at(Instant now, String... args) {
    return run(Clock.fixed(now, ZoneOffset.UTC), Map.of(), args);
  }

  /** Runs {@code args} now with {@code environment} as the step's environment (credentials, a {@code PATH}). */
  public static StepRun withEnvironment(Map<String, String> environment, String... args) {
    return run(Clock.systemUTC(), environment, args);
  }

  /** Runs {@code args} on {@code clock} (a clock offset from now: the step sees another time, the servers do not). */
  public static StepRun withClock(Clock clock, Map<String, String> environment, String... args) {
    return run(clock, environment, args);
  }

  /** Runs {@code args} now. */
  public static StepRun of(String... args) {
    return at(Instant.now(), args);
  }

  private static StepRun run(Clock clock, Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StepContext context =
        new StepContext(new PrintWriter(out, true), new PrintWriter(err, true), clock, environment);
    int code = Main.run(context, args);
    return new StepRun(code, out.toString(), err.toString());
  }
}
