package io.lanes.steps;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work a step runs beside its own. */
public final class Futures {
  private Futures() {}

  /** The value of {@code future}, or the step's own failure it ended with (not wrapped). */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
