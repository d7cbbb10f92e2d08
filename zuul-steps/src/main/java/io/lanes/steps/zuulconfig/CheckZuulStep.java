package io.lanes.steps.zuulconfig;

import io.lanes.steps.CommonOptions;
import io.lanes.steps.ExitCodes;
import io.lanes.steps.ResultFile;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
            read.files(), Set.copyOf(external), path -> Files.isRegularFile(repositoryRoot.resolve(path)));
    read.warnings().forEach(warning -> context.err().println(warning));
    Set<Problem> problems = new TreeSet<>(read.problems());
    problems.addAll(result.problems());
    if (!problems.isEmpty()) {
      List<String> lines = problems.stream().map(Problem::toString).toList();
      throw StepException.configuration(String.join("\n", lines));
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
      zuul.put("warnings", read.warnings().stream().map(Problem::toString).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
    ResultFile.write(common.result, Map.of("check_zuul", lanes), zuul);
    return ExitCodes.OK;
  }
}
