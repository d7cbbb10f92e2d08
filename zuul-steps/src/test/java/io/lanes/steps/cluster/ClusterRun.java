package io.lanes.steps.cluster;

import io.lanes.steps.StepContext;
import io.lanes.steps.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** One run of the CLI with a given environment (credentials come from it) and the real clock, for polling. */
record ClusterRun(int exitCode, String out, String err) {
  static ClusterRun with(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    StepContext context =
        new StepContext(new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), environment);
    int code = Main.run(context, args);
    return new ClusterRun(code, out.toString(), err.toString());
  }

  /** Everything the run printed. */
  String all() {
    return out + err;
  }
}
