package io.lanes.steps.deploy;

/**
 * Called by {@link Deployer} after each of its steps, by name ({@code lock}, {@code policy}, {@code apply config},
 * {@code wait apps}, {@code record}, {@code prune}...). Tests use it to stop a deploy after any step, as a kill
 * would, and check that a re-run converges; the CLI passes {@link #NONE}.
 */
@FunctionalInterface
public interface DeployProbe {
  /** Does nothing. */
  DeployProbe NONE = step -> {};

  /** {@code step} has just finished. */
  void reached(String step);
}
