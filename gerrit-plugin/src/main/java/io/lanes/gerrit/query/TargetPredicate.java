package io.lanes.gerrit.query;

import com.google.gerrit.index.query.PostFilterPredicate;
import com.google.gerrit.server.query.change.ChangeData;
import io.lanes.core.config.Target;
import java.util.function.Predicate;

/**
 * A search operator that matches a change by its target (platform, namespace, freeze) under the map: evaluated on each
 * change the index returns for the rest of the query (a post-filter), never an index field, since the map can change
 * without any change being reindexed. Cheap: one memoized map lookup per change.
 */
final class TargetPredicate extends PostFilterPredicate<ChangeData> {
  private final ChangeLanes lanes;
  private final Predicate<Target> test;

  TargetPredicate(String operator, String value, ChangeLanes lanes, Predicate<Target> test) {
    super(operator, value);
    this.lanes = lanes;
    this.test = test;
  }

  @Override
  public boolean match(ChangeData change) {
    return lanes.target(change).filter(test).isPresent();
  }

  @Override
  public int getCost() {
    return 1;
  }
}
