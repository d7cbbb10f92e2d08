package io.lanes.gerrit.validation;

import com.google.gerrit.extensions.registration.DynamicSet;
import com.google.gerrit.server.git.validators.CommitValidationListener;
import com.google.inject.AbstractModule;

/** Push and submit validation: the lane policy and the platform map's own checks. */
public class ValidationModule extends AbstractModule {
  @Override
  protected void configure() {
    DynamicSet.bind(binder(), CommitValidationListener.class).to(LanesCommitValidator.class);
  }
}
