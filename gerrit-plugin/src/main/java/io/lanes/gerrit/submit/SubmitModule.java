package io.lanes.gerrit.submit;

import com.google.gerrit.extensions.annotations.Exports;
import com.google.gerrit.extensions.registration.DynamicSet;
import com.google.gerrit.server.git.validators.MergeValidationListener;
import com.google.gerrit.server.git.validators.OnSubmitValidationListener;
import com.google.gerrit.server.rules.SubmitRule;
import com.google.inject.AbstractModule;

/** The {@code Lanes-Deploy} submit requirement and the checks at submit (the merged result against the tip). */
public class SubmitModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(TimeSource.class).to(TimeSource.System.class);
    bind(SubmitRule.class).annotatedWith(Exports.named(LanesDeployRule.NAME)).to(LanesDeployRule.class);
    DynamicSet.bind(binder(), MergeValidationListener.class).to(PolicyAtSubmit.class);
    DynamicSet.bind(binder(), OnSubmitValidationListener.class).to(PolicyAtSubmit.class);
  }
}
