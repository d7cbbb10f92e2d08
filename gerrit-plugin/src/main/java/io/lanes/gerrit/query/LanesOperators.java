package io.lanes.gerrit.query;

import com.google.gerrit.index.query.Predicate;
import com.google.gerrit.index.query.QueryParseException;
import com.google.gerrit.server.query.change.ChangeData;
import com.google.gerrit.server.query.change.ChangeQueryBuilder;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeHasOperandFactory;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeIsOperandFactory;
import com.google.gerrit.server.query.change.ChangeQueryBuilder.ChangeOperatorFactory;
import com.google.inject.Inject;
import io.lanes.gerrit.submit.ChangeGate;

/**
 * The plugin's search operators, one factory each. Gerrit names a plugin's operators {@code <name>_<plugin>}: {@code
 * platform_lanes:acme}, {@code namespace_lanes:openedx-acme}, {@code is:frozen_lanes}, {@code has:deployable_lanes},
 * {@code has:freeze-override_lanes}. The names below are the {@code <name>} parts ({@link QueryModule} binds them).
 */
public final class LanesOperators {
  /** {@code platform_lanes:<name>}: changes whose branch is the platform's. */
  public static final String PLATFORM = "platform";

  /** {@code namespace_lanes:<namespace>}: changes whose platform deploys into the namespace. */
  public static final String NAMESPACE = "namespace";

  /** {@code is:frozen_lanes}: changes whose platform a freeze covers now (lifted by an override or not). */
  public static final String FROZEN = "frozen";

  /** {@code has:deployable_lanes}: the {@code Lanes-Deploy} decision without any override (its submittableIf). */
  public static final String DEPLOYABLE = "deployable";

  /** {@code has:freeze-override_lanes}: an owner's override lifts the freeze, nothing else blocks (its overrideIf). */
  public static final String FREEZE_OVERRIDE = "freeze-override";

  private LanesOperators() {}

  /** {@code platform_lanes:<name>}. */
  public static class Platform implements ChangeOperatorFactory {
    private final ChangeLanes lanes;

    @Inject
    Platform(ChangeLanes lanes) {
      this.lanes = lanes;
    }

    @Override
    public Predicate<ChangeData> create(ChangeQueryBuilder builder, String value) throws QueryParseException {
      String name = nonEmpty(PLATFORM, value);
      return new TargetPredicate(
          PLATFORM + "_lanes", name, lanes, target -> target.platform().name().equals(name));
    }
  }

  /** {@code namespace_lanes:<namespace>}. */
  public static class Namespace implements ChangeOperatorFactory {
    private final ChangeLanes lanes;

    @Inject
    Namespace(ChangeLanes lanes) {
      this.lanes = lanes;
    }

    @Override
    public Predicate<ChangeData> create(ChangeQueryBuilder builder, String value) throws QueryParseException {
      String namespace = nonEmpty(NAMESPACE, value);
      return new TargetPredicate(
          NAMESPACE + "_lanes", namespace, lanes, target -> target.namespace().equals(namespace));
    }
  }

  /** {@code is:frozen_lanes}. */
  public static class Frozen implements ChangeIsOperandFactory {
    private final ChangeLanes lanes;

    @Inject
    Frozen(ChangeLanes lanes) {
      this.lanes = lanes;
    }

    @Override
    public Predicate<ChangeData> create(ChangeQueryBuilder builder) {
      return new TargetPredicate("is", FROZEN + "_lanes", lanes, target -> lanes.frozenNow(target.platform()));
    }
  }

  /** {@code has:deployable_lanes}. */
  public static class Deployable implements ChangeHasOperandFactory {
    private final ChangeGate gate;

    @Inject
    Deployable(ChangeGate gate) {
      this.gate = gate;
    }

    @Override
    public Predicate<ChangeData> create(ChangeQueryBuilder builder) {
      return new GatePredicate("has", DEPLOYABLE + "_lanes", gate, GateExplanations::deployable);
    }
  }

  /** {@code has:freeze-override_lanes}. */
  public static class FreezeOverride implements ChangeHasOperandFactory {
    private final ChangeGate gate;

    @Inject
    FreezeOverride(ChangeGate gate) {
      this.gate = gate;
    }

    @Override
    public Predicate<ChangeData> create(ChangeQueryBuilder builder) {
      return new GatePredicate("has", FREEZE_OVERRIDE + "_lanes", gate, GateExplanations::freezeOverride);
    }
  }

  private static String nonEmpty(String operator, String value) throws QueryParseException {
    if (value == null || value.isBlank()) {
      throw new QueryParseException(operator + "_lanes: needs a value, such as " + operator + "_lanes:acme");
    }
    return value.trim();
  }
}
