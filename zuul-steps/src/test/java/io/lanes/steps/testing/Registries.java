package io.lanes.steps.testing;

import io.lanes.steps.registry.RegistryClient;
import io.lanes.steps.registry.RegistryException;

/** What tests that start a registry of their own share. */
public final class Registries {
  private Registries() {}

  /** Waits until the registry behind {@code client} answers its API (10 s at most), else throws its last failure. */
  public static void waitUntilAnswers(RegistryClient client) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        client.ping();
        return;
      } catch (RegistryException e) {
        if (i > 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
