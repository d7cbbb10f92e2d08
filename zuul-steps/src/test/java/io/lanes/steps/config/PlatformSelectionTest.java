package io.lanes.steps.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanes.steps.StepRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("every step selects its platform the same way: --platform, --branch or --zuul-vars, with the same messages")
class PlatformSelectionTest {
  private static final String SAMPLE = "../src/sample-platform/lanes.config";

  @Test
  @DisplayName("--platform and --branch select the same platform")
  void platformOrBranch() {
    StepRun byName = StepRun.of("resolve", "--config", SAMPLE, "--platform", "globex");
    StepRun byBranch = StepRun.of("resolve", "--config", SAMPLE, "--branch", "platform/globex");

    assertThat(byName.exitCode()).as(byName.err()).isZero();
    assertThat(byName.out()).contains("platform      globex\n").isEqualTo(byBranch.out());
  }

  @Test
  @DisplayName("an unknown platform and an unmapped branch are one configuration error each (exit 2), in every step")
  void unknownPlatformAndBranch() {
    for (String step : new String[] {"resolve", "render", "deploy", "rollback"}) {
      StepRun unknown = StepRun.of(step, "--config", SAMPLE, "--platform", "initech");
      StepRun unmapped = StepRun.of(step, "--config", SAMPLE, "--branch", "master");

      assertThat(unknown.exitCode()).as(step).isEqualTo(2);
      assertThat(unknown.err()).as(step).isEqualTo("unknown platform initech (known platforms: acme, globex)\n");
      assertThat(unmapped.exitCode()).as(step).isEqualTo(2);
      assertThat(unmapped.err()).as(step).isEqualTo("branch master belongs to no platform (known platforms: acme, globex)\n");
    }
  }

  @Test
  @DisplayName("two selections at once are a usage error naming both flags")
  void oneSelectionOnly() {
    StepRun run = StepRun.of("render", "--config", SAMPLE, "--platform", "acme", "--branch", "platform/acme");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--platform").contains("--branch").contains("mutually exclusive");
  }
}
