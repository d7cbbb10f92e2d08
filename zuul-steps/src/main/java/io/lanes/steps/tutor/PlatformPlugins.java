package io.lanes.steps.tutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A platform's own Tutor plugins: the {@code plugins/} directory of its Tutor root, reviewed on its branch like
 * {@code config.yml}. Tutor loads single-file plugins from {@code $TUTOR_PLUGINS_ROOT} only (read once, when Tutor is
 * imported), so every Tutor that Lanes runs on the project (render's {@code tutor config save}, the init-task helper)
 * gets {@code TUTOR_PLUGINS_ROOT=<root>/plugins} when that directory exists; otherwise the caller's value stands.
 */
public final class PlatformPlugins {
  /** The directory of a Tutor root that holds the platform's own plugins. */
  public static final String DIRECTORY = "plugins";
  /** Tutor's variable naming its plugins root ({@code tutor.plugins.base.PLUGINS_ROOT_ENV_VAR_NAME}). */
  public static final String VARIABLE = "TUTOR_PLUGINS_ROOT";

  private PlatformPlugins() {}

  /** {@code environment}, with {@code TUTOR_PLUGINS_ROOT} naming {@code root}'s plugins when it has some. Pure but for the directory check. */
  public static Map<String, String> environment(Path root, Map<String, String> environment) {
    Path plugins = root.resolve(DIRECTORY);
    if (!Files.isDirectory(plugins)) {
      return environment;
    }
    Map<String, String> withPlugins = new HashMap<>(environment);
    withPlugins.put(VARIABLE, plugins.toAbsolutePath().normalize().toString());
    return withPlugins;
  }
}
