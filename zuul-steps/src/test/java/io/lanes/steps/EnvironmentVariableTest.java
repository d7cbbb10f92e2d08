package io.lanes.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a secret from an environment variable a flag names: one message for a variable that is not set (pure)")
class EnvironmentVariableTest {
  @Test
  @DisplayName("the value as set; a missing or blank variable names the flag, the variable and what it holds, exit 2")
  void required() {
    Map<String, String> environment = Map.of("S3_SECRET", "s3cr3t", "BLANK", "  ");

    assertThat(EnvironmentVariable.required(environment, "--s3-secret-key-env", "S3_SECRET", "the S3 secret key"))
        .isEqualTo("s3cr3t");
    for (String name : new String[] {"MISSING", "BLANK"}) {
      assertThatThrownBy(() -> EnvironmentVariable.required(environment, "--s3-secret-key-env", name, "the S3 secret key"))
          .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
          .hasMessage("--s3-secret-key-env " + name + ": the environment variable is not set (it holds the S3 secret key)");
    }
  }
}
