package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@DisplayName("RunLimits: the lock and deadline flags deploy, rollback, do, upgrade, preview up and takeover share (pure)")
class RunLimitsTest {
  @Command(name = "run")
  static final class Run {
    @Mixin RunLimits limits;
  }

  private static DeploySettings settings(String... args) {
    Run run = new Run();
    new CommandLine(run).parseArgs(args);
    return run.limits.settings(Optional.empty(), Map.of("USER", "ann"), 2, false, false, 3);
  }

  @Test
  @DisplayName("the flags become the settings, with the caller's apply options; --lock-wait 0 means fail at once on a"
      + " held lock")
  void flagsBecomeSettings() {
    DeploySettings settings = settings("--holder", "h1", "--lock-ttl", "30", "--lock-wait", "0",
        "--rollout-timeout", "120", "--timeout", "900");

    assertThat(settings.holder()).isEqualTo("h1");
    assertThat(settings.lockTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.lockWait()).isZero();
    assertThat(settings.rolloutTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(900));
    assertThat(settings.parallelism()).isEqualTo(2);
    assertThat(settings.keepReleases()).isEqualTo(3);
  }

  @Test
  @DisplayName("without --holder, the holder is this run's own (manual-<user>@...)")
  void defaultHolder() {
    assertThat(settings().holder()).startsWith("manual-ann@");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"--lock-ttl, 0", "--rollout-timeout, 0", "--timeout, -5", "--poll-interval, 0"})
  @DisplayName("a number that must be positive is a configuration error naming the flag and the value")
  void notPositiveNamed(String flag, String value) {
    assertThatThrownBy(() -> settings(flag, value))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage(flag + " " + value + ": must be positive");
  }

  @Test
  @DisplayName("a negative --lock-wait is named with the value given (before, it said '--lock-wait 0')")
  void negativeLockWaitNamed() {
    assertThatThrownBy(() -> settings("--lock-wait", "-1"))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessage("--lock-wait -1: must be 0 or more");
  }
}
