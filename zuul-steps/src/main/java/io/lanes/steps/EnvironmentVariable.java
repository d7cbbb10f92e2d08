package io.lanes.steps;

import java.util.Map;

/**
 * A secret a step takes from an environment variable whose name a flag gives ({@code --s3-secret-key-env VAR}): never
 * a value on the command line. One message for a variable that is not set, naming the flag, the variable and what it
 * holds, in every step.
 */
public final class EnvironmentVariable {
  private EnvironmentVariable() {}

  /**
   * The value of {@code name} in {@code environment}, as set; a configuration error ({@code FLAG NAME: the environment
   * variable is not set (it holds WHAT)}) when it is missing or blank.
   */
  public static String required(Map<String, String> environment, String flag, String name, String what) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      throw StepException.configuration(
          flag + " " + name + ": the environment variable is not set (it holds " + what + ")");
    }
    return value;
  }
}
