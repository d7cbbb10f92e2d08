package io.lanes.steps.tutor;

import java.util.List;

/**
 * One parameter of a Tutor {@code do} job, as its click command declares it.
 *
 * @param name the parameter's name (click's, e.g. {@code password}, {@code repo_dir})
 * @param argument whether it is a positional argument (else an option)
 * @param required whether click requires it
 * @param flag whether the option is a flag (takes no value)
 * @param multiple whether the option may be repeated
 * @param secret whether its value is hidden on input ({@code hide_input}: a password): Lanes takes it only from a file
 *     or an environment variable, never from the command line
 * @param prompt whether Tutor would prompt for it when it is missing (Lanes never prompts: it must be given)
 * @param opts the option's spellings, e.g. {@code [-p, --password]}; empty for an argument
 */
public record DoParam(
    String name, boolean argument, boolean required, boolean flag, boolean multiple, boolean secret, boolean prompt,
    List<String> opts) {

  /** The option's long spelling ({@code --password}), else its first one. */
  public String longOpt() {
    return opts.stream().filter(o -> o.startsWith("--")).findFirst().orElse(opts.isEmpty() ? name : opts.get(0));
  }
}
