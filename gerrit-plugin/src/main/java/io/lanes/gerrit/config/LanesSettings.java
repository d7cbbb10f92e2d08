package io.lanes.gerrit.config;

import com.google.common.flogger.FluentLogger;
import com.google.gerrit.extensions.annotations.PluginName;
import com.google.gerrit.server.config.PluginConfig;
import com.google.gerrit.server.config.PluginConfigFactory;
import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * The plugin's own settings, section {@code [plugin "lanes"]} of {@code gerrit.config}. Read on every use, so a
 * changed {@code gerrit.config} applies after Gerrit reloads it; nothing is kept. An invalid value is logged and
 * the default used.
 */
@Singleton
public class LanesSettings {
  private static final FluentLogger logger = FluentLogger.forEnclosingClass();

  /** The label whose +1 says CI passed. */
  public static final String KEY_VERIFIED_LABEL = "verifiedLabel";

  /** The label whose +1 by an owner lifts a freeze. */
  public static final String KEY_OVERRIDE_LABEL = "overrideLabel";

  /** The owner's approval label on protected platforms. */
  public static final String KEY_REVIEW_LABEL = "reviewLabel";

  /** The threads that help validate a push's files, besides the thread that receives it. */
  public static final String KEY_VALIDATION_THREADS = "validationThreads";

  /** Whether the legacy {@code SubmitRule} form of {@code Lanes-Deploy} is on (for Gerrit without the operator). */
  public static final String KEY_LEGACY_SUBMIT_RULE = "legacySubmitRule";

  /** The group whose members (the Zuul service user) report stage results of patch sets. */
  public static final String KEY_REPORTING_GROUP = "reportingGroup";

  public static final String DEFAULT_REPORTING_GROUP = "Service Users";

  /** The most threads {@link #defaultValidationThreads()} gives, whatever the number of cores. */
  static final int MAX_DEFAULT_VALIDATION_THREADS = 3;

  public static final String DEFAULT_VERIFIED_LABEL = "Verified";
  public static final String DEFAULT_OVERRIDE_LABEL = "Lanes-Override";
  public static final String DEFAULT_REVIEW_LABEL = "Code-Review";

  private final PluginConfigFactory configFactory;
  private final String pluginName;

  @Inject
  LanesSettings(PluginConfigFactory configFactory, @PluginName String pluginName) {
    this.configFactory = configFactory;
    this.pluginName = pluginName;
  }

  /** The labels the {@code Lanes-Deploy} gate reads. */
  public GateLabels gateLabels() {
    PluginConfig config = configFactory.getFromGerritConfig(pluginName);
    return new GateLabels(
        config.getString(KEY_VERIFIED_LABEL, DEFAULT_VERIFIED_LABEL),
        config.getString(KEY_REVIEW_LABEL, DEFAULT_REVIEW_LABEL),
        config.getString(KEY_OVERRIDE_LABEL, DEFAULT_OVERRIDE_LABEL));
  }

  /** The group whose members may report stage results ({@code reportingGroup}, default {@code Service Users}). */
  public String reportingGroup() {
    return configFactory.getFromGerritConfig(pluginName).getString(KEY_REPORTING_GROUP, DEFAULT_REPORTING_GROUP);
  }

  /**
   * Whether {@code Lanes-Deploy} is also given by the plugin's legacy {@code SubmitRule} ({@code legacySubmitRule},
   * default false): for sites whose projects do not define the {@code [submit-requirement]} on the plugin's operator.
   */
  public boolean legacySubmitRule() {
    return configFactory.getFromGerritConfig(pluginName).getBoolean(KEY_LEGACY_SUBMIT_RULE, false);
  }

  /**
   * How many threads help validate a push's files, besides the thread that receives it: {@code validationThreads},
   * by default one less than the cores, at most {@value #MAX_DEFAULT_VALIDATION_THREADS}; {@code 0} validates on the
   * receiving thread alone. A value that is not a number, or is negative, is logged and the default used.
   */
  public int validationThreads() {
    int fallback = defaultValidationThreads();
    PluginConfig config = configFactory.getFromGerritConfig(pluginName);
    int threads;
    try {
      threads = config.getInt(KEY_VALIDATION_THREADS, fallback);
    } catch (IllegalArgumentException e) {
      logger.atWarning().log(
          "plugin.%s.%s: %s; using %d", pluginName, KEY_VALIDATION_THREADS, e.getMessage(), fallback);
      return fallback;
    }
    if (threads < 0) {
      logger.atWarning().log(
          "plugin.%s.%s: %d is negative; using %d", pluginName, KEY_VALIDATION_THREADS, threads, fallback);
      return fallback;
    }
    return threads;
  }

  /** One less than the cores (the receiving thread works too), at most {@value #MAX_DEFAULT_VALIDATION_THREADS}. */
  public static int defaultValidationThreads() {
    return Math.min(Runtime.getRuntime().availableProcessors() - 1, MAX_DEFAULT_VALIDATION_THREADS);
  }

  /**
   * The labels of the gate.
   *
   * @param verified needs +1 and no negative vote
   * @param review needs +2 from an owner on protected platforms
   * @param override +1 from an owner lifts a freeze
   */
  public record GateLabels(String verified, String review, String override) {}
}
