package io.lanes.steps.dojob;

import java.util.List;

/**
 * A {@code do} job to run, its arguments checked against the job's parameters.
 *
 * @param job the job's name
 * @param tutorArgs the arguments Tutor's click command gets, secret values included (sent to Tutor on its stdin only)
 * @param shownArgs the arguments as logs, results and records show them: a secret as the file or variable it came
 *     from ({@code --password-file /run/pw}), never its value
 * @param secrets the secret values given, so that nothing shown carries them
 */
public record DoRequest(String job, List<String> tutorArgs, List<String> shownArgs, List<String> secrets) {

  /** Whether a secret value was given: the job's scripts then go to the Jobs through a Secret. */
  public boolean hasSecret() {
    return !secrets.isEmpty();
  }

  /** {@code text} with every secret value replaced by {@code REDACTED}. */
  public String redact(String text) {
    String shown = text;
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        shown = shown.replace(secret, io.lanes.steps.Redaction.REDACTED);
      }
    }
    return shown;
  }
}
