package io.lanes.steps.render;

import io.lanes.steps.StepException;
import io.lanes.steps.tutor.TutorEnv;
import io.lanes.steps.tutor.TutorTasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Regenerates a Tutor env before render: where the Tutor root holds Tutor's {@code config.yml} and {@code tutor} is
 * on {@code PATH} (a Zuul node), runs {@code tutor --root ROOT config save} ({@link TutorEnv#save}). Without
 * {@code tutor} the committed {@code env/} is rendered as it is, with a warning. Where the env was there before and
 * Tutor wrote it otherwise, a warning names the files: {@code deploy} refuses such an env ({@link TutorEnv#check}).
 */
final class TutorConfigSave {
  private TutorConfigSave() {}

  /** Runs Tutor when it applies; a warning when it should but cannot, or when the env was not Tutor's; else empty. */
  static Optional<String> runIfPresent(Path root, Map<String, String> environment) {
    if (!TutorTasks.isTutorProject(root)) {
      return Optional.empty();
    }
    Optional<Path> tutor = TutorEnv.tutor(environment);
    if (tutor.isEmpty()) {
      return Optional.of(
          root.resolve(TutorEnv.CONFIG_FILE) + " is there but tutor is not on PATH: rendered the committed env/ as it is");
    }
    Path env = root.resolve(TutorEnv.ENV_DIRECTORY);
    try {
      SortedMap<String, String> before = TutorEnv.digests(env);
      TutorEnv.save(tutor.get(), root, environment);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      List<TutorEnv.Difference> differences = TutorEnv.differences(before, TutorEnv.digests(env));
      return differences.isEmpty()
          ? Optional.empty()
          : Optional.of(env + " as committed is not what tutor config save writes (" + TutorEnv.named(differences)
              + "): rendered Tutor's env; deploy refuses the committed one until Tutor's is committed");
    } catch (IOException e) {
      throw StepException.failure("cannot read " + env + ": " + e.getMessage(), e);
    }
  }
}
