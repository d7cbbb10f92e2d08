package io.lanes.gerrit.query;

import com.google.gerrit.extensions.annotations.Exports;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeHasOperandFactory;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeIsOperandFactory;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeOperatorFactory;
import com.google.inject.AbstractModule;

/** The plugin's search operators, usable in the search box, dashboards and submit requirement expressions. */
public class QueryModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ChangeOperatorFactory.class)
        .annotatedWith(Exports.named(LanesOperators.PLATFORM))
        .to(LanesOperators.Platform.class);
    bind(ChangeOperatorFactory.class)
        .annotatedWith(Exports.named(LanesOperators.NAMESPACE))
        .to(LanesOperators.Namespace.class);
    bind(ChangeIsOperandFactory.class)
        .annotatedWith(Exports.named(LanesOperators.FROZEN))
        .to(LanesOperators.Frozen.class);
    bind(ChangeHasOperandFactory.class)
        .annotatedWith(Exports.named(LanesOperators.DEPLOYABLE))
        .to(LanesOperators.Deployable.class);
    bind(ChangeHasOperandFactory.class)
        .annotatedWith(Exports.named(LanesOperators.FREEZE_OVERRIDE))
        .to(LanesOperators.FreezeOverride.class);
  }
}
