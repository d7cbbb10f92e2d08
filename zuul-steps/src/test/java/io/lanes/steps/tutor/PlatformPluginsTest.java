package io.lanes.steps.tutor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformPluginsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a Tutor root with plugins/ makes it Tutor's plugins root, over the caller's; the rest of the environment stays")
  void pluginsDirectoryIsTutorsPluginsRoot() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));

    Map<String, String> environment =
        PlatformPlugins.environment(dir, Map.of("PATH", "/bin", "TUTOR_PLUGINS_ROOT", "/root/.local/share/tutor-plugins"));

    assertThat(environment).containsEntry("PATH", "/bin")
        .containsEntry("TUTOR_PLUGINS_ROOT", dir.resolve("plugins").toAbsolutePath().toString());
  }

  @Test
  @DisplayName("without plugins/ the caller's environment is left as it is")
  void noPluginsDirectoryChangesNothing() {
    Map<String, String> caller = Map.of("PATH", "/bin", "TUTOR_PLUGINS_ROOT", "/srv/tutor-plugins");

    assertThat(PlatformPlugins.environment(dir, caller)).isEqualTo(caller);
    assertThat(PlatformPlugins.environment(dir, Map.of("PATH", "/bin"))).doesNotContainKey("TUTOR_PLUGINS_ROOT");
  }
}
