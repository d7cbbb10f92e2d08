package io.lanes.steps.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanes.core.config.PlatformMap;
import io.lanes.steps.StepException;
import io.lanes.steps.config.PlatformMapOptions;
import io.lanes.steps.render.Kustomize;
import io.lanes.steps.testing.RealTutor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy lock's default holder, and the message of a rollback whose commit the checkout lacks (real git). */
class DeployHolderAndSourceTest {
  @TempDir Path dir;

  @Test
  @DisplayName("the default lock holder is unique per run: owner (Zuul build UUID or manual-<user>), host, process id,"
      + " random suffix; never a shared constant")
  void defaultHolderIsUniquePerRun() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    long pid = ProcessHandle.current().pid();

    String first = RunLimits.defaultHolder(Optional.empty(), Map.of("USER", "ann"));
    String second = RunLimits.defaultHolder(Optional.empty(), Map.of("USER", "ann"));
    String zuul = RunLimits.defaultHolder(Optional.of("0f3c2a9e6b1d4c8e9a7b5d3f1e2c4a6b"), Map.of("USER", "zuul"));

    assertThat(first).matches(Pattern.quote("manual-ann@" + host + ":" + pid + ":") + "[0-9a-f]{8}");
    assertThat(second).isNotEqualTo(first).startsWith("manual-ann@" + host + ":" + pid + ":");
    assertThat(zuul).matches(Pattern.quote("0f3c2a9e6b1d4c8e9a7b5d3f1e2c4a6b@" + host + ":" + pid + ":") + "[0-9a-f]{8}");
  }

  @Test
  @DisplayName("a release whose commit a shallow checkout lacks fails with exit 2, saying how to fetch the history")
  void missingCommitSaysHowToFetchIt() throws Exception {
    Path origin = RealTutor.sampleProject(dir.resolve("origin"), "openedx-acme");
    String old = git(origin, "rev-parse", "HEAD");
    RealTutor.tutor(origin, "config", "save", "--set", "LMS_HOST=courses.acme.example");
    RealTutor.commit(origin, "LMS_HOST");
    Path shallow = dir.resolve("shallow");
    git(dir, "clone", "-q", "--depth", "1", "--branch", "platform/acme", origin.toUri().toString(), shallow.toString());
    String config = origin.resolve("lanes.config").toString();
    PlatformMap map = PlatformMapOptions.parse(config, PlatformMapOptions.readFile(Path.of(config)));
    ReleaseSource source = new ReleaseSource(
        Kustomize.locate(Optional.of(Path.of("/bin/true")), Map.of()), map.target(map.platform("acme").orElseThrow()),
        shallow, List.of(), new PrintWriter(new StringWriter()));

    assertThatThrownBy(() -> source.at(old, "t", Map.of(), new ArrayList<>()))
        .isInstanceOfSatisfying(StepException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage(shallow + ": commit " + old + " is not in the checkout's git history (the clone is shallow): fetch"
            + " the history with `git -C " + shallow + " fetch --unshallow` and run again; in Zuul, give the job the"
            + " platform branch's full history (no shallow clone, no checkout depth)");
  }

  private static String git(Path in, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
