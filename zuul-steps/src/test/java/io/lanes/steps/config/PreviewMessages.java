package io.lanes.steps.config;

import java.util.List;

/**
 * Preview sections with problems and the messages lanes-core gives for them; the plugin's PreviewMapIT holds the same
 * text, so check-config and a push say the same thing.
 */
final class PreviewMessages {
  static final String BAD_PREVIEWS =
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

  static final List<String> PROBLEMS =
      List.of(
          "preview.acme.lmsHost: missing (required)",
          "preview.acme.cpu: \"lots\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
          "preview.acme.memory: \"8 GB\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
          "preview.acme.ttlHours: \"0\" is not a positive integer",
          "preview.acme.mysqlStorage: \"2 GB\" is not a Kubernetes quantity (e.g. 4, 500m, 8Gi)",
          "preview.acme.seed: \"demo-courses\" is not a seed (known: demo-course)",
          "preview.acme.namespace: \"{namespace}-c{change}\" gives openedx-acme-c7, the namespace of platform globex:"
              + " a preview never shares a platform's namespace",
          "preview.acme.host: \"preview.example.org\" does not hold {change}: each change needs its own host",
          "preview.globex.namespace: \"{namespace}-x\" does not hold {change}: each change needs its own namespace",
          "preview.initech: platform \"initech\" is not declared (a [preview] section is named after its platform;"
              + " declared: acme, globex)");

  private PreviewMessages() {}
}
