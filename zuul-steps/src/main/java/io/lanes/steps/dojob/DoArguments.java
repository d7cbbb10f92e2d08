package io.lanes.steps.dojob;

import io.lanes.steps.EnvironmentVariable;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.DoJob;
import io.lanes.steps.tutor.DoParam;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a {@code do} job's arguments against the parameters Tutor declares for it, before anything runs, and reads
 * its secret values. A secret option (one Tutor hides on input, e.g. createuser's {@code --password}) is never taken
 * from the command line: {@code --<option>-file FILE} reads it from a file (one trailing newline dropped),
 * {@code --<option>-env VAR} from an environment variable. Tutor's own click command still parses the result (exit 2
 * for what only it knows, e.g. a missing positional argument). Pure: files and the environment come as functions.
 */
public final class DoArguments {
  private DoArguments() {}

  /**
   * @param jobs the {@code do} jobs Tutor defines for the project
   * @param readFile a file's content, or a {@link StepException} naming it
   * @throws StepException exit 2 naming the job, option, file or variable at fault
   */
  public static DoRequest resolve(
      String job, List<String> args, List<DoJob> jobs, Map<String, String> environment, Function<String, String> readFile) {
    DoJob doJob = jobs.stream().filter(j -> j.name().equals(job)).findFirst().orElseThrow(() -> StepException.configuration(
        "do job \"" + job + "\" is not defined by Tutor or an enabled plugin (defined: "
            + String.join(", ", jobs.stream().map(DoJob::name).sorted().toList()) + ")"));
    List<String> tutorArgs = new ArrayList<>();
    List<String> shownArgs = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    Set<String> given = new LinkedHashSet<>();
    boolean positionalOnly = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (positionalOnly || !arg.startsWith("-") || arg.equals("-")) {
        tutorArgs.add(arg);
        shownArgs.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        positionalOnly = true;
        tutorArgs.add(arg);
        shownArgs.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals > 0 && arg.startsWith("--") ? arg.substring(0, equals) : arg;
      Optional<String> inline = equals > 0 && arg.startsWith("--") ? Optional.of(arg.substring(equals + 1)) : Optional.empty();
      Optional<SecretSource> source = secretSource(doJob, name);
      if (source.isPresent()) {
        String from;
        if (inline.isPresent()) {
          from = inline.get();
        } else {
          from = value(doJob, name, args, i + 1);
          i++;
        }
        String secret = source.get().read(from, environment, readFile, job);
        tutorArgs.add(source.get().param().longOpt());
        tutorArgs.add(secret);
        shownArgs.add(name);
        shownArgs.add(from);
        secrets.add(secret);
        given.add(source.get().param().name());
        continue;
      }
      DoParam param = doJob.params().stream().filter(p -> !p.argument() && p.opts().contains(name)).findFirst()
          .orElseThrow(() -> StepException.configuration(
              "do " + job + ": unknown option " + name + " (options: " + String.join(", ", spellings(doJob)) + ")"));
      if (param.secret()) {
        throw StepException.configuration("do " + job + ": " + name + " is secret: give it with " + param.longOpt()
            + "-file FILE or " + param.longOpt() + "-env VAR, never on the command line");
      }
      given.add(param.name());
      tutorArgs.add(arg);
      shownArgs.add(arg);
      if (!param.flag() && inline.isEmpty()) {
        String value = value(doJob, name, args, i + 1);
        tutorArgs.add(value);
        shownArgs.add(value);
        i++;
      }
    }
    for (DoParam param : doJob.params()) {
      if (param.secret() && (param.prompt() || param.required()) && !given.contains(param.name())) {
        throw StepException.configuration("do " + job + ": " + param.longOpt() + " is required (Tutor would prompt for"
            + " it): give " + param.longOpt() + "-file FILE or " + param.longOpt() + "-env VAR");
      }
    }
    return new DoRequest(job, List.copyOf(tutorArgs), List.copyOf(shownArgs), List.copyOf(secrets));
  }

  /** How each option of the job is spelled on the command line, secret ones as their file and variable forms. */
  static List<String> spellings(DoJob job) {
    List<String> spellings = new ArrayList<>();
    for (DoParam param : job.params()) {
      if (param.argument()) {
        continue;
      }
      if (param.secret()) {
        spellings.add(param.longOpt() + "-file FILE");
        spellings.add(param.longOpt() + "-env VAR");
      } else {
        spellings.add(String.join("/", param.opts()) + (param.flag() ? "" : " VALUE"));
      }
    }
    return spellings;
  }

  private static String value(DoJob job, String option, List<String> args, int index) {
    if (index >= args.size()) {
      throw StepException.configuration("do " + job.name() + ": " + option + " needs a value");
    }
    return args.get(index);
  }

  private static Optional<SecretSource> secretSource(DoJob job, String name) {
    for (DoParam param : job.params()) {
      if (param.secret() && !param.argument()) {
        if (name.equals(param.longOpt() + "-file")) {
          return Optional.of(new SecretSource(param, true));
        }
        if (name.equals(param.longOpt() + "-env")) {
          return Optional.of(new SecretSource(param, false));
        }
      }
    }
    return Optional.empty();
  }

  private record SecretSource(DoParam param, boolean file) {
    String read(String from, Map<String, String> environment, Function<String, String> readFile, String job) {
      String value;
      if (file) {
        value = readFile.apply(from);
        if (value.endsWith("\n")) {
          value = value.substring(0, value.length() - 1);
        }
        if (value.endsWith("\r")) {
          value = value.substring(0, value.length() - 1);
        }
      } else {
        value = EnvironmentVariable.required(environment, "do " + job + ": " + param.longOpt() + "-env", from,
            "the value of " + param.longOpt());
      }
      if (value.isEmpty()) {
        throw StepException.configuration(
            "do " + job + ": " + param.longOpt() + (file ? "-file " : "-env ") + from + ": empty");
      }
      return value;
    }
  }
}
