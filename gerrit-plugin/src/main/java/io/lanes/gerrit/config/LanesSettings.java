package io.lanes.gerrit.config;

import com.google.gerrit.extensions.annotations.PluginName;
import com.google.gerrit.server.config.PluginConfig;
import com.google.gerrit.server.config.PluginConfigFactory;
import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * The plugin's own settings, section {@code [plugin "lanes"]} of {@code gerrit.config}. Read on every use, so a
 * changed {@code gerrit.config} applies after Gerrit reloads it; nothing is kept.
 */
@Singleton
public class LanesSettings {
  /** The label whose +1 says CI passed. */
  public static final String KEY_VERIFIED_LABEL = "verifiedLabel";

  /** The label whose +1 by an owner lifts a freeze. */
  public static final String KEY_OVERRIDE_LABEL = "overrideLabel";

  /** The owner's approval label on protected platforms. */
  public static final String KEY_REVIEW_LABEL = "reviewLabel";

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

  /**
   * The labels of the gate.
   *
   * @param verified needs +1 and no negative vote
   * @param review needs +2 from an owner on protected platforms
   * @param override +1 from an owner lifts a freeze
   */
  public record GateLabels(String verified, String review, String override) {}
}
