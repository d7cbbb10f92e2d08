package io.lanes.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  @DisplayName("a step run alone still names itself under zuul-steps in its usage")
  void stepUsage() {
    StepRun run = StepRun.of("push-image");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("Missing required option").contains("Usage: zuul-steps push-image ");
  }

  @Test
  @DisplayName("a nested step (cluster plan) still runs through its parent command")
  void nestedStep() {
    StepRun run = StepRun.of("cluster", "plan", "--no-such-flag");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Usage: zuul-steps cluster plan ");
  }

  @Test
  @DisplayName("without a step, with help, or with a typo, every step is listed")
  void wholeTree() {
    StepRun bare = StepRun.of("--help");
    StepRun help = StepRun.of("help", "push-image");
    StepRun typo = StepRun.of("push-imgae");

    assertThat(bare.out()).contains("push-image").contains("registry-config").contains("deploy");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: zuul-steps push-image ");
    assertThat(typo.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).contains("Unmatched argument at index 0: 'push-imgae'").contains("push-image");
  }
}
