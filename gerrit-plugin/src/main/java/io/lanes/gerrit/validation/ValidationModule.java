package io.lanes.gerrit.validation;

import com.google.gerrit.extensions.registration.DynamicSet;
import com.google.gerrit.lifecycle.LifecycleModule;
import com.google.gerrit.server.cache.CacheModule;
import com.google.gerrit.server.git.validators.CommitValidationListener;
import com.google.gerrit.server.git.validators.RefOperationValidationListener;

/**
 * Push validation: changes' commits ({@link LanesCommitValidator}) and direct ref updates ({@link
 * LanesRefValidator}), both deciding through {@link LaneGuard}; the cache of file verdicts and the threads that
 * compute them.
 */
public class ValidationModule extends CacheModule {
  @Override
  protected void configure() {
    cache(FileVerdicts.CACHE, FileVerdictKey.class, FileVerdict.class)
        .maximumWeight(FileVerdicts.DEFAULT_MAXIMUM_WEIGHT)
        .weigher(FileVerdicts.ByViolations.class);
    DynamicSet.bind(binder(), CommitValidationListener.class).to(LanesCommitValidator.class);
    DynamicSet.bind(binder(), RefOperationValidationListener.class).to(LanesRefValidator.class);
    install(
        new LifecycleModule() {
          @Override
          protected void configure() {
            listener().to(ValidationThreads.class);
          }
        });
  }
}
