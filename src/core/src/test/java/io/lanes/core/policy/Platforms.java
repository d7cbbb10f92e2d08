package io.lanes.core.policy;

import io.lanes.core.config.PlatformMap;
import io.lanes.core.config.PlatformMapReader;
import io.lanes.core.config.Target;

/** The platform map the policy tests share: acme (strict) and globex (with an allowed image). */
final class Platforms {
  static final PlatformMap MAP =
      PlatformMapReader.read(
              """
              [platform "acme"]
                namespace = openedx-acme
                cluster = prod
              [platform "acme-eu"]
                namespace = openedx-acme-eu
                cluster = prod
              [platform "globex"]
                namespace = openedx-globex
                cluster = prod
                registry = registry.example.org:5000
                allowedImage = docker.io/library/redis:
              [cluster "prod"]
                server = https://10.0.0.10:6443
              """)
          .map();

  static final Target ACME = MAP.target(MAP.platform("acme").orElseThrow());
  static final Target GLOBEX = MAP.target(MAP.platform("globex").orElseThrow());

  private Platforms() {}
}
