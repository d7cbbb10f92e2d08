package io.lanes.steps.image;

import io.lanes.steps.StepRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the image steps' tests share: the real registry and podman ({@link RealImageServices}), a platform map
 * whose platforms acme and globex push to that registry, and the arguments every step run of platform acme takes.
 *
 * <p>{@link #CHANGE} is drawn once per test JVM, so the tags these tests build ({@code change-<CHANGE>-ps-<n>}) are
 * this JVM's own: two test runs on the same podman cannot overwrite each other's images.
 */
abstract class ImageStepFixture {
  /** The change number of this test JVM's images. */
  static final String CHANGE = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));

  @TempDir static Path dir;
  static Path map;
  static String registryHost;

  @BeforeAll
  static void services() throws Exception {
    registryHost = RealImageServices.registryHost();
    map = RealImageServices.platformMap(dir);
  }

  /** The tag of this JVM's change at {@code patchset}: {@code change-<CHANGE>-ps-<patchset>}. */
  static String tag(int patchset) {
    return "change-" + CHANGE + "-ps-" + patchset;
  }

  /** {@code step} on platform acme's change {@link #CHANGE} at {@code patchset}, in the real podman, then {@code more}. */
  static String[] stepArgs(String step, int patchset, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                step, "--config", map.toString(), "--branch", "platform/acme", "--change", CHANGE, "--patchset",
                Integer.toString(patchset), "--docker-host", RealImageServices.dockerHost()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * {@code push-image} (from the real podman) or {@code promote} (to {@code revision}) of {@code image} of {@code
   * platform}'s change {@link #CHANGE}, patch set 1, under {@code map}, with {@code environment} and {@code more}.
   */
  static StepRun pushOrPromote(
      Map<String, String> environment, Path map, String platform, String step, String image, String revision,
      String... more) {
    List<String> args = new ArrayList<>(List.of(
        step, "--config", map.toString(), "--branch", "platform/" + platform, "--change", CHANGE, "--patchset", "1",
        "--image", image));
    if (step.equals("push-image")) {
      args.addAll(List.of("--docker-host", RealImageServices.dockerHost()));
    } else {
      args.addAll(List.of("--revision", revision));
    }
    args.addAll(List.of(more));
    return StepRun.withEnvironment(environment, args.toArray(String[]::new));
  }
}
