package io.lanes.steps;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides credentials in what a step prints about a failure: the one-line message, and with {@code --verbose} every
 * message of the cause chain, redacted the same way. A library's message may quote its input (a kubeconfig's
 * {@code token:} line, a URL with {@code user:password@}), so no exception message reaches the user unredacted, and
 * {@code --verbose} shows each message of the chain by its first line only, as the one-line errors show a cause.
 */
public final class Redaction {
  /** What a hidden value is replaced by. */
  public static final String REDACTED = "REDACTED";

  /** The most characters of one message printed: a message may quote a whole input file. */
  static final int MAX_MESSAGE = 2000;

  /** {@code scheme://user:password@} (or {@code user@}): the user info of a URL. */
  private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@?#]*@");

  /**
   * {@code key: value}, {@code key=value}, {@code "key":"value"} where the key names a credential ({@code token},
   * {@code client-key-data}, {@code password}...). The key must start a word that no path or dotted name runs into,
   * so {@code secret/acme-token: ...} and {@code backup.nightly.credentialSecret: ...} in Lanes' own messages are left
   * alone.
   */
  private static final Pattern SECRET_VALUE =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9_/.-])([\"']?(?:[a-z0-9_-]*(?:token|password|passwd|secret|credential)s?[a-z0-9_-]*"
              + "|client-key-data|client-key|auth|authorization|access[_-]?key(?:[_-]?id)?|api[_-]?key"
              + "|private[_-]?key)[\"']?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}\\]]+)");

  /** {@code Bearer <token>}, {@code Basic <base64>}. */
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");

  /** A JSON Web Token (a service account token). */
  private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

  /** A PEM block (a private key). */
  private static final Pattern PEM = Pattern.compile("-----BEGIN [A-Z ]+-----[\\s\\S]*?(-----END [A-Z ]+-----|$)");

  private Redaction() {}

  /**
   * Refuses a URL given on the command line that holds credentials ({@code http://user:password@host}): command
   * lines show in Zuul's logs and process lists. The message does not echo the URL.
   *
   * @throws StepException exit 2, naming the option
   */
  public static void refuseCredentials(String option, String url) {
    if (url != null && URL_USER_INFO.matcher(url).find()) {
      throw StepException.configuration(
          option + ": the URL holds credentials (user:password@); command lines show in logs: give credentials"
              + " through the step's credential files or environment, never in a URL");
    }
  }

  /**
   * A message of Lanes' own ({@link StepException}) with the credentials it may embed from elsewhere hidden: URL user
   * info, PEM blocks, JWTs, {@code Bearer}/{@code Basic} values. Its own words ({@code secrets: secret acme-s4 is not
   * defined}) are left alone: steps never put a credential's value in a message of their own.
   */
  public static String own(String text) {
    if (text == null) {
      return null;
    }
    String hidden = PEM.matcher(text).replaceAll(REDACTED);
    hidden = URL_USER_INFO.matcher(hidden).replaceAll("$1" + REDACTED + "@");
    hidden = JWT.matcher(hidden).replaceAll(REDACTED);
    return AUTH_SCHEME.matcher(hidden).replaceAll("$1 " + REDACTED);
  }

  /**
   * A message from a library, which may quote its input: {@link #own}'s redaction, and the value of every {@code
   * key: value} whose key names a credential ({@code token: ...}, {@code "password":"..."}).
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    return SECRET_VALUE.matcher(own(text)).replaceAll("$1" + REDACTED);
  }

  /** A failure's message as printed: {@link #own} for Lanes' own, {@link #text} for a library's. */
  static String of(Throwable failure, String message) {
    return failure instanceof StepException ? own(message) : text(message);
  }

  /**
   * Prints {@code failure}'s stack trace as {@link Throwable#printStackTrace} does, its own and every cause's and
   * suppressed exception's message redacted with {@link #text}.
   */
  public static void printStackTrace(Throwable failure, PrintWriter err) {
    print(failure, "", "", err, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /**
   * A message of the chain as {@code --verbose} shows it: its first line, as the one-line error shows a cause, cut and
   * redacted. The lines after it are where parsers quote their input ({@code token: ...} around the error's mark, a
   * long token clipped so no key precedes it): they are counted, not shown.
   */
  static String shown(Throwable t, String message) {
    String[] lines = message.split("\\R", -1);
    String first = of(t, cut(lines[0]));
    int rest = (int) java.util.Arrays.stream(lines).skip(1).filter(line -> !line.isBlank()).count();
    return rest == 0 ? first : first + " (" + rest + " more lines, not shown: they may quote the input)";
  }

  /** {@code message} cut to {@value #MAX_MESSAGE} characters: a library's message may quote a whole input file. */
  static String cut(String message) {
    return message.length() > MAX_MESSAGE
        ? message.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)"
        : message;
  }

  private static void print(Throwable t, String caption, String indent, PrintWriter err, Set<Throwable> seen) {
    if (!seen.add(t)) {
      err.println(indent + caption + "[CIRCULAR REFERENCE: " + t.getClass().getName() + "]");
      return;
    }
    String message = t.getMessage();
    err.println(indent + caption + t.getClass().getName() + (message == null ? "" : ": " + shown(t, message)));
    for (StackTraceElement frame : t.getStackTrace()) {
      err.println(indent + "\tat " + frame);
    }
    for (Throwable suppressed : t.getSuppressed()) {
      print(suppressed, "Suppressed: ", indent + "\t", err, seen);
    }
    if (t.getCause() != null) {
      print(t.getCause(), "Caused by: ", indent, err, seen);
    }
  }
}
