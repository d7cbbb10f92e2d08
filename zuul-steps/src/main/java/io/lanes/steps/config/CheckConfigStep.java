package io.lanes.steps.config;

import io.lanes.core.config.BackupIsolation;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code zuul-steps check-config FILE}: every problem of a platform map, one per line, each naming its key, then
 * platforms whose backups share a credential ({@link BackupIsolation}). Warnings
 * (valid, but probably not meant: a frozen platform without an owner group) go to stderr as {@code FILE: warning:
 * <key>: <message>} and do not fail the check.
 */
@Command(
    name = "check-config",
    description = "Check a platform map (lanes.config): every problem at once, one per line, with its dotted key.")
public final class CheckConfigStep implements Callable<Integer> {
  private final StepContext context;

  @Parameters(paramLabel = "FILE", description = "The lanes.config to check.")
  Path file;

  @Mixin CommonOptions common;

  CheckConfigStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String text = PlatformMapOptions.readFile(file);
    PlatformMap map = PlatformMapOptions.parse(file.toString(), text);
    List<String> shared = BackupIsolation.sharedCredentials(map);
    if (!shared.isEmpty()) {
      throw StepException.configuration(String.join("\n", shared.stream().map(p -> file + ": " + p).toList()));
    }
    List<String> warnings =
        PlatformMapReader.read(text).warnings().stream().map(w -> file + ": warning: " + w).toList();
    warnings.forEach(context.err()::println);
    context
        .out()
        .printf(
            "%s: ok (%s, %s, %s%s)%n",
            file,
            count(map.platforms().size(), "platform"),
            count(map.clusters().size(), "cluster"),
            count(map.backups().size(), "backup"),
            map.previews().isEmpty() ? "" : ", " + count(map.previews().size(), "preview"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("config", file.toString());
    result.put("platforms", map.platforms().keySet());
    ResultFile.write(common.result, Map.of("check_config", result), warnings.isEmpty() ? Map.of() : Map.of("warnings", warnings));
    return ExitCodes.OK;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
