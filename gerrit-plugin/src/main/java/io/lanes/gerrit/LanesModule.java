package io.lanes.gerrit;

import com.google.inject.AbstractModule;
import io.lanes.gerrit.query.QueryModule;
import io.lanes.gerrit.restapi.RestModule;
import io.lanes.gerrit.submit.SubmitModule;
import io.lanes.gerrit.ui.UiModule;
import io.lanes.gerrit.validation.ValidationModule;

/** The plugin's top module ({@code Gerrit-Module}): installs one module per area. */
public class LanesModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new RestModule());
    install(new ValidationModule());
    install(new SubmitModule());
    install(new QueryModule());
    install(new UiModule());
  }
}
