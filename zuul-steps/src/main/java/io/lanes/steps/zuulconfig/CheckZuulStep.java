package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import io.lanes.core.config.PlatformMap;
import io.lanes.core.zuul.Problem;
import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.config.PlatformSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zuul-steps check-zuul DIR}: Zuul's configuration checked offline, one line per problem with file and line. */
@Command(
    name = "check-zuul",
    description = "Check a zuul.d directory as Zuul would: every problem at once, one per line, as file:line: message.")
public final class CheckZuulStep implements Callable<Integer> {
  private final StepContext context;

  @Parameters(paramLabel = "DIR", description = "The zuul.d directory to check.")
  Path directory;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "The repository root playbook paths are relative to (default: DIR's parent).")
  Path root;

  @Option(
      names = "--external",
      paramLabel = "NAME",
      description = "A job, nodeset, semaphore or pipeline defined in another project of the tenant (repeatable).")
  List<String> external = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The platform map (lanes.config): check the lane policy (no job aims at another platform's"
          + " namespace or uses another platform's secret).")
  Path config;

  @Option(
      names = "--platform",
      paramLabel = "NAME",
      description = "With --config: DIR is this platform's (its branch's zuul.d); default: a job speaks for the one"
          + " platform its branches matcher selects.")
  String platform;

  @Mixin CommonOptions common;

  CheckZuulStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    ZuulConfigFiles.Read read = ZuulConfigFiles.read(directory);
    Path repositoryRoot = root != null ? root : directory.toAbsolutePath().normalize().getParent();
    ZuulConfigCheck.Result result =
        ZuulConfigCheck.check(
            read.files(),
            Set.copyOf(external),
            path -> Files.isRegularFile(repositoryRoot.resolve(path)),
            read.problems().isEmpty());
    Optional<PlatformMap> map =
        Optional.ofNullable(config).map(file -> PlatformMapOptions.parse(file.toString(), PlatformMapOptions.readFile(file)));
    Optional<Platform> owner = Optional.ofNullable(platform).map(name -> platform(map, name));
    read.warnings().forEach(warning -> context.err().println(warning));
    Set<Problem> problems = new TreeSet<>(read.problems());
    problems.addAll(result.problems());
    Set<Problem> violations =
        new TreeSet<>(map.map(m -> LanePolicyCheck.check(m, owner, result.stanzas())).orElse(List.of()));
    if (problems.isEmpty() && violations.isEmpty() && map.isPresent() && owner.isEmpty()
        && Files.isDirectory(directory.resolve("platforms"))) {
      // The config project's zuul.d, otherwise sound: each platform's file is what zuul-config writes for it.
      problems.addAll(PlatformFilesCheck.check(map.get(), directory, result.stanzas()));
    }
    if (!problems.isEmpty() || !violations.isEmpty()) {
      Set<Problem> all = new TreeSet<>(problems);
      all.addAll(violations);
      String lines = String.join("\n", all.stream().map(Problem::toString).toList());
      throw problems.isEmpty() ? StepException.policy(lines) : StepException.configuration(lines);
    }
    Map<String, Integer> counts = new TreeMap<>();
    result.stanzas().forEach(stanza -> counts.merge(stanza.kind(), 1, Integer::sum));
    List<String> summary = new ArrayList<>();
    counts.forEach((kind, n) -> summary.add(n + " " + kind + (n == 1 ? "" : "s")));
    context.out().printf("%s: ok (%d files: %s)%n", directory, read.files().size(), String.join(", ", summary));

    Map<String, Object> lanes = new LinkedHashMap<>();
    lanes.put("directory", directory.toString());
    lanes.put("files", read.files().size());
    lanes.put("stanzas", counts);
    Map<String, Object> zuul = new LinkedHashMap<>();
    if (!read.warnings().isEmpty()) {
      zuul.put("warnings", read.warnings().stream().map(Problem::toString).toList());
    }
    ResultFile.write(common.result, Map.of("check_zuul", lanes), zuul);
    return ExitCodes.OK;
  }

  private static Platform platform(Optional<PlatformMap> map, String name) {
    PlatformMap platforms =
        map.orElseThrow(() -> StepException.configuration("--platform " + name + ": needs --config (the platform map)"));
    return PlatformSelection.byName(platforms, name);
  }
}
