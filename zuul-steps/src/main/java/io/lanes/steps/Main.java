package io.lanes.steps;

import io.lanes.steps.backup.BackupCommand;
import io.lanes.steps.backup.DrillStep;
import io.lanes.steps.backup.RestoreStep;
import io.lanes.steps.cluster.ClusterStep;
import io.lanes.steps.config.CheckConfigStep;
import io.lanes.steps.deploy.DeployStep;
import io.lanes.steps.deploy.RollbackStep;
import io.lanes.steps.image.BuildImageStep;
import io.lanes.steps.image.PromoteStep;
import io.lanes.steps.image.PushImageStep;
import io.lanes.steps.registry.RegistryConfigStep;
import io.lanes.steps.render.RenderStep;
import io.lanes.steps.resolve.ResolveStep;
import io.lanes.steps.zuulconfig.CheckZuulStep;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code zuul-steps <step>}: the steps Zuul's playbooks and platform maintainers run. */
@Command(
    name = "zuul-steps",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Carries a change of an Open edX platform from review to its Kubernetes namespace.",
    subcommands = {
      CheckConfigStep.class,
      CheckZuulStep.class,
      ResolveStep.class,
      RenderStep.class,
      BuildImageStep.class,
      PushImageStep.class,
      PromoteStep.class,
      DeployStep.class,
      RollbackStep.class,
      RegistryConfigStep.class,
      ClusterStep.class,
      BackupCommand.class,
      RestoreStep.class,
      DrillStep.class,
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
    ExitCodes exitCodes = new ExitCodes();
    CommandLine commandLine =
        new CommandLine(new Main(), new ContextFactory(context))
            .setOut(context.out())
            .setErr(context.err())
            .setExecutionExceptionHandler(exitCodes)
            .setExitCodeExceptionMapper(exitCodes);
    int code = commandLine.execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  /** Gives every step that asks for it the {@link StepContext}. */
  private record ContextFactory(StepContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
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
