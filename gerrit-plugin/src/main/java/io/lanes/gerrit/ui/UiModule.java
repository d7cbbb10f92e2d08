package io.lanes.gerrit.ui;

import com.google.gerrit.extensions.registration.DynamicSet;
import com.google.gerrit.extensions.webui.JavaScriptPlugin;
import com.google.gerrit.extensions.webui.WebUiPlugin;
import com.google.inject.AbstractModule;

/**
 * What the plugin adds to Gerrit's web UI: the Checks provider {@code static/lanes-checks.js} (compiled from {@code
 * src/main/ts/lanes-checks.ts} at build time), which Gerrit's UI loads for every change. The Lanes page is served as
 * a static resource and needs no binding.
 */
public class UiModule extends AbstractModule {
  /** The Checks provider's file under {@code static/}. */
  public static final String CHECKS_PROVIDER = "lanes-checks.js";

  @Override
  protected void configure() {
    DynamicSet.bind(binder(), WebUiPlugin.class).toInstance(new JavaScriptPlugin(CHECKS_PROVIDER));
  }
}
