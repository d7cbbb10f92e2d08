package io.lanes.steps.dojob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import io.lanes.steps.tutor.DoJob;
import io.lanes.steps.tutor.DoParam;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DoArguments checks a do job's arguments against Tutor's parameters and takes secrets only from files or variables (pure)")
class DoArgumentsTest {
  private static final String CANARY = "canary-Pw-0b7e";

  /** createuser as Tutor 22 declares it (lanes_tutor_tasks.py's output). */
  private static final DoJob CREATEUSER = new DoJob("createuser", "Create an Open edX user", List.of(
      new DoParam("superuser", false, false, true, false, false, false, List.of("--superuser")),
      new DoParam("staff", false, false, true, false, false, false, List.of("--staff")),
      new DoParam("password", false, false, false, false, true, true, List.of("-p", "--password")),
      new DoParam("name", true, true, false, false, false, false, List.of()),
      new DoParam("email", true, true, false, false, false, false, List.of())));
  private static final DoJob SETTHEME = new DoJob("settheme", "", List.of(
      new DoParam("domains", false, false, false, true, false, false, List.of("-d", "--domain")),
      new DoParam("theme_name", true, true, false, false, false, false, List.of())));
  private static final List<DoJob> JOBS = List.of(SETTHEME, CREATEUSER);
  private static final Function<String, String> FILES = file -> {
    if (file.equals("/run/pw")) {
      return CANARY + "\n";
    }
    throw StepException.configuration(file + ": cannot read the secret file");
  };

  private static DoRequest resolve(String job, List<String> args, Map<String, String> environment) {
    return DoArguments.resolve(job, args, JOBS, environment, FILES);
  }

  @Test
  @DisplayName("a secret from a file goes to Tutor as the option's value; what is shown names the file, never the value")
  void secretFromFile() {
    DoRequest request = resolve("createuser", List.of("--staff", "--password-file", "/run/pw", "admin", "a@x.org"), Map.of());

    assertThat(request.tutorArgs()).containsExactly("--staff", "--password", CANARY, "admin", "a@x.org");
    assertThat(request.shownArgs()).containsExactly("--staff", "--password-file", "/run/pw", "admin", "a@x.org");
    assertThat(request.redact("failed: set_password('" + CANARY + "')")).isEqualTo("failed: set_password('REDACTED')");
  }

  @Test
  @DisplayName("a secret from an environment variable, also in --opt=value form")
  void secretFromEnvironment() {
    DoRequest request = resolve("createuser", List.of("--password-env=PW", "admin", "a@x.org"), Map.of("PW", CANARY));

    assertThat(request.tutorArgs()).containsExactly("--password", CANARY, "admin", "a@x.org");
    assertThat(request.shownArgs()).containsExactly("--password-env", "PW", "admin", "a@x.org");
  }

  @Test
  @DisplayName("a secret on the command line (either spelling) is refused without echoing it; a missing one too (Tutor would prompt)")
  void secretOnTheCommandLineRefused() {
    for (List<String> args : List.of(List.of("--password", CANARY, "a", "b"), List.of("-p", CANARY, "a", "b"),
        List.of("--password=" + CANARY, "a", "b"))) {
      assertThatThrownBy(() -> resolve("createuser", args, Map.of()))
          .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
          .hasMessageContaining("is secret: give it with --password-file FILE or --password-env VAR")
          .hasMessageNotContaining(CANARY);
    }
    assertThatThrownBy(() -> resolve("createuser", List.of("admin", "a@x.org"), Map.of()))
        .hasMessage("do createuser: --password is required (Tutor would prompt for it): give --password-file FILE or --password-env VAR");
    assertThatThrownBy(() -> resolve("createuser", List.of("--password-env", "NOPE", "a", "b"), Map.of()))
        .hasMessage("do createuser: --password-env NOPE: the environment variable is not set (it holds the value of"
            + " --password)");
    assertThatThrownBy(() -> resolve("createuser", List.of("--password-env", "BLANK", "a", "b"), Map.of("BLANK", " ")))
        .hasMessage("do createuser: --password-env BLANK: the environment variable is not set (it holds the value of"
            + " --password)");
    assertThatThrownBy(() -> resolve("createuser", List.of("--password-file", "/missing", "a", "b"), Map.of()))
        .hasMessage("/missing: cannot read the secret file");
  }

  @Test
  @DisplayName("an unknown job or option is exit 2 naming it and listing the known ones")
  void unknownJobOrOption() {
    assertThatThrownBy(() -> resolve("createusr", List.of(), Map.of()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("do job \"createusr\" is not defined by Tutor or an enabled plugin (defined: createuser, settheme)");
    assertThatThrownBy(() -> resolve("createuser", List.of("--admin", "a", "b"), Map.of()))
        .hasMessage("do createuser: unknown option --admin (options: --superuser, --staff, --password-file FILE,"
            + " --password-env VAR)");
    assertThatThrownBy(() -> resolve("settheme", List.of("mytheme", "--domain"), Map.of()))
        .hasMessage("do settheme: --domain needs a value");
  }

  @Test
  @DisplayName("options with values, repeated options and positional arguments pass to Tutor as given")
  void passesTheRestAsGiven() {
    DoRequest request = resolve("settheme", List.of("-d", "a.example", "--domain=b.example", "mytheme"), Map.of());

    assertThat(request.tutorArgs()).containsExactly("-d", "a.example", "--domain=b.example", "mytheme");
    assertThat(request.hasSecret()).isFalse();
  }
}
