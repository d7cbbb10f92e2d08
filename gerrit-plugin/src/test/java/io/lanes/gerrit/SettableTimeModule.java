package io.lanes.gerrit;

import com.google.inject.AbstractModule;
import com.google.inject.util.Modules;
import io.lanes.gerrit.submit.TimeSource;
import java.time.Instant;

/** The plugin's module with a clock tests set: {@link #now} is what the plugin sees as now. */
public class SettableTimeModule extends AbstractModule {
  /** The plugin's now; tests set it before acting. */
  public static volatile Instant now = Instant.parse("2026-11-24T12:00:00Z");

  @Override
  protected void configure() {
    install(Modules.override(new LanesModule()).with(b -> b.bind(TimeSource.class).toInstance(() -> now)));
  }
}
