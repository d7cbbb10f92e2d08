package io.lanes.steps.deploy;

/**
 * Where one object's rollout stands.
 *
 * @param phase ready, still progressing, or failed for good
 * @param message what is awaited, or why it failed, naming the object
 */
public record RolloutState(Progress phase, String message) {

  /** How a rollout stands. */
  public enum Progress {
    READY,
    PROGRESSING,
    FAILED
  }

  static RolloutState ready(String message) {
    return new RolloutState(Progress.READY, message);
  }

  static RolloutState progressing(String message) {
    return new RolloutState(Progress.PROGRESSING, message);
  }

  static RolloutState failed(String message) {
    return new RolloutState(Progress.FAILED, message);
  }

  public boolean isReady() {
    return phase == Progress.READY;
  }

  public boolean isFailed() {
    return phase == Progress.FAILED;
  }
}
