package io.lanes.steps.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.Redaction;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.zuul.ZuulVars;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps report}: tells the Lanes plugin in Gerrit what a step came to, so that reviewers see it in the
 * change's Checks tab (a change's render, images, preview, deploy) or on the Lanes page (a platform's backup, drill).
 */
@Command(
    name = "report",
    description = "Report a step's result (its --result file) to the Lanes plugin in Gerrit, for the Checks tab.")
public final class ReportStep implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StepContext context;

  @Option(names = "--gerrit-url", required = true, paramLabel = "URL", description = "Gerrit's base URL.")
  String gerritUrl;

  @Option(
      names = "--gerrit-username-env",
      required = true,
      paramLabel = "VAR",
      description = "The environment variable holding the user (a member of the plugin's reporting group).")
  String usernameEnv;

  @Option(
      names = "--gerrit-password-env",
      required = true,
      paramLabel = "VAR",
      description = "The environment variable holding that user's HTTP password or token.")
  String passwordEnv;

  @Option(
      names = "--zuul-vars",
      required = true,
      paramLabel = "FILE",
      description = "Zuul's zuul variable as JSON: the project, and the change and patch set a change's stage belongs to.")
  Path zuulVars;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  static final class What {
    @Option(names = "--from", paramLabel = "FILE", description = "The step's --result file.")
    Path from;

    @ArgGroup(exclusive = false)
    Failed failed;
  }

  static final class Failed {
    @Option(
        names = "--failed",
        required = true,
        paramLabel = "STAGE",
        description = "The stage whose step failed (and wrote no result): render, images, preview, deploy, backup or drill.")
    String stage;

    @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "One line: what failed.")
    String summary;

    @Option(names = "--platform", paramLabel = "NAME", description = "The platform, for backup and drill.")
    String platform;
  }

  @Option(names = "--url", paramLabel = "URL", description = "The link shown with the result: the job's log, the render's preview.")
  String url;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to wait for Gerrit (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Mixin CommonOptions common;

  ReportStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Redaction.refuseCredentials("--gerrit-url", gerritUrl);
    Redaction.refuseCredentials("--url", url);
    String user = EnvironmentVariable.required(
        context.environment(), "--gerrit-username-env", usernameEnv, "the Gerrit user");
    String password = EnvironmentVariable.required(
        context.environment(), "--gerrit-password-env", passwordEnv, "the Gerrit user's HTTP password or token");
    ZuulVars zuul = ZuulVars.read(zuulVars);
    StageReport report = (what.from != null
        ? StageReport.of(read(what.from), what.from)
        : StageReport.failed(what.failed.stage, what.failed.summary, Optional.ofNullable(what.failed.platform)))
        .withUrl(Optional.ofNullable(url));
    String project = zuul.project().orElseThrow(
        () -> StepException.configuration(zuulVars + ": zuul.project.name: missing"));
    GerritResults gerrit =
        new GerritResults(URI.create(gerritUrl), user, password, Duration.ofSeconds(timeoutSeconds));
    String where;
    if (report.platformStage()) {
      gerrit.reportPlatform(project, report);
      where = "platform " + report.platform().orElseThrow();
    } else {
      int change = zuul.change().orElseThrow(() -> StepException.configuration(
          zuulVars + ": zuul.change: missing: a " + report.stage() + " report belongs to a change's patch set"));
      int patchset = zuul.patchset().orElseThrow(
          () -> StepException.configuration(zuulVars + ": zuul.patchset: missing"));
      gerrit.report(project, change, patchset, report);
      where = "change " + change + " patch set " + patchset;
    }
    context.err().println("report: " + report.stage() + " " + report.status() + " for " + where + ": " + report.summary());
    ResultFile.write(common.result, Map.of("report", report.body()), Map.of());
    return ExitCodes.OK;
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw StepException.configuration("--from " + file + ": no such file (did the step fail? report --failed STAGE)");
    } catch (JsonProcessingException e) {
      throw StepException.configuration("--from " + file + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw StepException.configuration("--from " + file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
