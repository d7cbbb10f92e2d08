package io.lanes.steps.backup;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zuul-steps backup}: the backup CronJob's entrypoint ({@code run}) and its installation ({@code install}). */
@Command(
    name = "backup",
    description = "Back up a platform's databases to S3 (run), or install the CronJob that does it on schedule (install).",
    subcommands = {BackupRunStep.class, BackupBinlogsStep.class, BackupInstallStep.class})
public final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "backup needs a subcommand: run, binlogs or install");
  }
}
