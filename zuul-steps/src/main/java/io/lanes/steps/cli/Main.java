package io.lanes.steps.cli;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepContext;
import io.lanes.steps.backup.BackupCommand;
import io.lanes.steps.preview.PreviewCommand;
import io.lanes.steps.backup.DrillStep;
import io.lanes.steps.backup.RestoreStep;
import io.lanes.steps.backup.job.BackupJobOptions;
import io.lanes.steps.cluster.ClusterStep;
import io.lanes.steps.config.CheckConfigStep;
import io.lanes.steps.deploy.DeployStep;
import io.lanes.steps.deploy.RollbackStep;
import io.lanes.steps.dojob.DoStep;
import io.lanes.steps.takeover.TakeoverStep;
import io.lanes.steps.upgrade.UpgradeStep;
import io.lanes.steps.image.BuildImageStep;
import io.lanes.steps.image.PromoteStep;
import io.lanes.steps.image.PushImageStep;
import io.lanes.steps.registryconfig.RegistryConfigStep;
import io.lanes.steps.render.ReleaseAddition;
import io.lanes.steps.render.RenderStep;
import io.lanes.steps.report.ReportStep;
import io.lanes.steps.resolve.ResolveStep;
import io.lanes.steps.status.StatusStep;
import io.lanes.steps.zuulconfig.CheckZuulStep;
import io.lanes.steps.zuulconfig.ZuulConfigStep;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code zuul-steps <step>}: the steps Zuul's playbooks and platform maintainers run. */
@Command(
    name = "zuul-steps",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Carries a change of an Open edX platform from review to its Kubernetes namespace.",
    subcommands = {
      CheckConfigStep.class,
      CheckZuulStep.class,
      ZuulConfigStep.class,
      ResolveStep.class,
      RenderStep.class,
      BuildImageStep.class,
      PushImageStep.class,
      PromoteStep.class,
      DeployStep.class,
      RollbackStep.class,
      DoStep.class,
      UpgradeStep.class,
      TakeoverStep.class,
      StatusStep.class,
      RegistryConfigStep.class,
      ClusterStep.class,
      BackupCommand.class,
      PreviewCommand.class,
      ReportStep.class,
      RestoreStep.class,
      DrillStep.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 policy violation."
    })
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(new StepContext(out, err, Clock.systemUTC(), System.getenv()), args));
  }

  /** Runs one step to its exit code; the CLI end to end, for tests. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(new StepContext(out, err, Clock.systemUTC(), System.getenv()), args);
  }

  /** Runs one step with the given context to its exit code. */
  public static int run(StepContext context, String... args) {
    try (Heartbeat heartbeat = Heartbeat.start(stepName(args), context.err())) {
      StepContext watched = new StepContext(context.out(), heartbeat.err(), context.clock(), context.environment());
      ExitCodes exitCodes = new ExitCodes();
      CommandLine commandLine =
          commandLine(watched, args)
              .setOut(watched.out())
              .setErr(watched.err())
              .setExecutionExceptionHandler(exitCodes)
              .setExitCodeExceptionMapper(exitCodes);
      int code = commandLine.execute(args);
      watched.out().flush();
      watched.err().flush();
      return code;
    }
  }

  /** The step's name for {@link Heartbeat}'s lines: the leading words of {@code args}, {@code backup run} say. */
  private static String stepName(String... args) {
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-") || words.size() == 2) {
        break;
      }
      words.add(arg);
    }
    return words.isEmpty() ? "zuul-steps" : String.join(" ", words);
  }

  /**
   * The CLI's picocli model for {@code args}, its steps built with {@code context}: only the step they name (see
   * {@link #step}), else every step. {@link #run} executes it; tests also parse argument lists with it.
   */
  public static CommandLine commandLine(StepContext context, String... args) {
    ContextFactory factory = new ContextFactory(context);
    CommandLine commandLine =
        step(args)
            .map(step -> new CommandLine(new OneStep(), factory).addSubcommand(step))
            .orElseGet(() -> new CommandLine(new Main(), factory));
    withHelp(commandLine);
    // `do JOB ARGS...`: everything after the job's name is the job's own (Tutor parses it), options included.
    CommandLine doStep = commandLine.getSubcommands().get("do");
    if (doStep != null) {
      doStep.setStopAtPositional(true);
    }
    return commandLine;
  }

  /**
   * Gives every command under {@code commandLine} {@code -h}/{@code --help}, here and not on each step's
   * {@code @Command}, so that a new step cannot forget it. {@code --version} stays on the root: it is the CLI's.
   */
  private static void withHelp(CommandLine commandLine) {
    for (CommandLine subcommand : commandLine.getSubcommands().values()) {
      CommandSpec spec = subcommand.getCommandSpec();
      if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
        spec.addOption(
            OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
      }
      withHelp(subcommand);
    }
  }

  /**
   * The step {@code args} start with, when they name one of {@link Main}'s subcommands: then picocli models only
   * that step, not all of them (which loads every step's classes, Kubernetes, S3 and MongoDB clients included, and
   * takes a third of a short step's run time). Anything else (no step, {@code help}, an option, a typo) gets the whole tree.
   */
  private static Optional<Class<?>> step(String... args) {
    if (args.length == 0) {
      return Optional.empty();
    }
    for (Class<?> step : Main.class.getAnnotation(Command.class).subcommands()) {
      Command command = step.getAnnotation(Command.class);
      if (command != null && step != CommandLine.HelpCommand.class && (command.name().equals(args[0]) || List.of(command.aliases()).contains(args[0]))) {
        return Optional.of(step);
      }
    }
    return Optional.empty();
  }

  /** The root command when one step runs: {@link Main}'s name and options, without the other steps. */
  @Command(
      name = "zuul-steps",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage or configuration error, 3 policy violation."})
  private static final class OneStep {}

  /**
   * Gives every step that asks for it the {@link StepContext}, and plugs the backup's CronJob into the release of
   * {@code render}, {@code deploy} and {@code rollback} (their {@link ReleaseAddition} mixin, with its
   * {@code --backup-image}): render and deploy never know backup.
   */
  private record ContextFactory(StepContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ReleaseAddition.class) {
        return type.cast(new BackupJobOptions());
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == StepContext.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"zuul-steps " + (version == null ? "(development build)" : version)};
    }
  }
}
