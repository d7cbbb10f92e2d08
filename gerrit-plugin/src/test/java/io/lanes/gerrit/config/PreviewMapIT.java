package io.lanes.gerrit.config;

import com.google.gerrit.acceptance.PushOneCommit;
import com.google.gerrit.acceptance.TestPlugin;
import io.lanes.gerrit.LanesDaemonTest;
import org.junit.Test;

/**
 * The map's {@code [preview]} sections on a push to refs/meta/config: lanes-core checks them, so the plugin refuses
 * with the very messages {@code zuul-steps check-config} prints (its CheckConfigPreviewTest holds the same text).
 */
@TestPlugin(name = "lanes", sysModule = "io.lanes.gerrit.LanesModule")
public class PreviewMapIT extends LanesDaemonTest {
  private static final String PLATFORMS =
      """
      [platform "acme"]
        namespace = openedx-acme
        cluster = prod
      [platform "globex"]
        namespace = openedx-acme-c7
        cluster = prod
      [cluster "prod"]
        server = https://10.0.0.10:6443
      """;

  private static final String BAD_PREVIEWS =
      """
      [preview "acme"]
        host = preview.example.org
        cpu = lots
        memory = 8 GB
        ttlHours = 0
        mysqlStorage = 2 GB
        seed = demo-courses
      [preview "globex"]
        namespace = {namespace}-x
        lmsHost = learn.globex.example.org
        host = c{change}.globex.example.org
      [preview "initech"]
        lmsHost = learn.initech.example.org
      """;

  @Test
  public void acceptsAMapWithAValidPreview() throws Exception {
    pushMap(
            PLATFORMS.replace("openedx-acme-c7", "openedx-globex")
                + "[preview \"acme\"]\n  lmsHost = learn.acme.example.org\n"
                + "  host = c{change}.preview.acme.example.org\n  cpu = 2500m\n  memory = 6Gi\n"
                + "  mysqlMemory = 768Mi\n  mysqlStorage = 2Gi\n  seed = demo-course\n")
        .assertOkStatus();
  }

  @Test
  public void refusesEveryPreviewProblemWithCheckConfigsMessages() throws Exception {
    PushOneCommit.Result result = pushMap(PLATFORMS + BAD_PREVIEWS);

    assertRejected(
        result,
        "lanes.config has 10 problems",
        "lanes.config: preview.acme.lmsHost: missing (required)",
        "lanes.config: preview.acme.cpu: \"lots\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
        "lanes.config: preview.acme.memory: \"8 GB\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
        "lanes.config: preview.acme.ttlHours: \"0\" is not a positive integer",
        "lanes.config: preview.acme.mysqlStorage: \"2 GB\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
        "lanes.config: preview.acme.seed: \"demo-courses\" is not a seed (known: demo-course)",
        "lanes.config: preview.acme.namespace: \"{namespace}-c{change}\" gives openedx-acme-c7, the namespace of"
            + " platform globex: a preview never shares a platform's namespace",
        "lanes.config: preview.acme.host: \"preview.example.org\" does not hold {change}: each change needs its own"
            + " host",
        "lanes.config: preview.globex.namespace: \"{namespace}-x\" does not hold {change}: each change needs its own"
            + " namespace",
        "lanes.config: preview.initech: platform \"initech\" is not declared (a [preview] section is named after its"
            + " platform; declared: acme, globex)");
  }
}
