package io.lanes.steps.zuulconfig;

import io.lanes.core.config.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A platform's own part of the config project's {@code zuul.d}, {@code zuul.d/platforms/<platform>.yaml}: its deploy
 * semaphore, its secrets, and the variants of {@code lanes-base}, {@code lanes-deploy}, {@code lanes-dr-drill} and
 * {@code lanes-takeover} on its branch that pass them (the DR cluster's kubeconfig, {@code dr-kubeconfig}, is optional:
 * without it the platform's takeover job fails before any step, naming it). Everything in it follows from the platform map and the encrypted values, so it is
 * written by {@code zuul-steps zuul-config}, never copied by hand, and {@code check-zuul} checks the repository's copy
 * against it. Pure.
 */
public final class PlatformStanzas {
  /** The secrets every job of the platform gets, through {@code lanes-base}, under these variable names. */
  private static final Map<String, String> BASE_SECRETS =
      Map.of("kubeconfig", "lanes_kubeconfig", "registry", "lanes_registry", "s3", "lanes_s3", "backup-key",
          "lanes_backup_key");

  private PlatformStanzas() {}

  /** The DR databases' MySQL host a drill of {@code platform} reaches unless told otherwise: its namespace's on DR. */
  public static String defaultDrillMysqlHost(Platform platform) {
    return "mysql." + platform.namespace() + "-dr.svc";
  }

  /**
   * The file's text.
   *
   * @param encrypted each present value's chunks ({@link ZuulPublicKey#encrypt}); values of one secret stay together
   */
  public static String yaml(Platform platform, Map<PlatformSecret, List<String>> encrypted, String drillMysqlHost) {
    String name = platform.name();
    Map<String, List<PlatformSecret>> secrets = new LinkedHashMap<>();
    for (PlatformSecret value : PlatformSecret.ALL) {
      if (encrypted.containsKey(value)) {
        secrets.computeIfAbsent(value.secret(), s -> new ArrayList<>()).add(value);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("# Platform ").append(name).append(" (branch ").append(platform.branch()).append(", namespace ")
        .append(platform.namespace()).append(" in the platform map).\n")
        .append("# Written by: zuul-steps zuul-config --platform ").append(name)
        .append(" (docs/zuul-jobs.md, \"Adding a platform\"); do not edit by hand.\n")
        .append("# Its deploys never overlap; its jobs get ").append(name).append("'s credentials and no other platform's.\n")
        .append("- semaphore:\n    name: lanes-deploy-").append(name).append("\n    max: 1\n");
    secrets.forEach((secret, values) -> {
      out.append("\n- secret:\n    name: ").append(name).append('-').append(secret).append("\n    data:\n");
      for (PlatformSecret value : values) {
        out.append("      ").append(value.key()).append(": !encrypted/pkcs1-oaep\n");
        for (String chunk : encrypted.get(value)) {
          out.append("        - ").append(chunk).append('\n');
        }
      }
    });
    String branch = "^" + platform.branch().replace(".", "\\.") + "$";
    out.append("\n- job:\n    name: lanes-base\n    branches: ").append(branch).append("\n    secrets:\n");
    secrets.keySet().stream()
        .filter(BASE_SECRETS::containsKey)
        .forEach(secret -> out.append("      - name: ").append(BASE_SECRETS.get(secret)).append("\n        secret: ")
            .append(name).append('-').append(secret).append("\n        pass-to-parent: true\n"));
    out.append("\n- job:\n    name: lanes-deploy\n    branches: ").append(branch).append("\n    semaphores: lanes-deploy-")
        .append(name).append('\n');
    out.append("\n# The drill's target: ").append(name)
        .append("'s DR databases, reached from the Zuul node. Only lanes-dr-drill gets their credentials.\n")
        .append("- job:\n    name: lanes-dr-drill\n    branches: ").append(branch).append("\n    secrets:\n")
        .append("      - name: lanes_dr_databases\n        secret: ").append(name)
        .append("-dr-databases\n        pass-to-parent: true\n    vars:\n      lanes_drill_mysql_host: ")
        .append(drillMysqlHost).append('\n');
    out.append("\n# The takeover's targets: ").append(name).append("'s DR databases and DR cluster. Only lanes-takeover")
        .append(" gets them\n# (zuul.d/takeover.yaml: enqueued by hand into takeover-plan or takeover).\n")
        .append("- job:\n    name: lanes-takeover\n    branches: ").append(branch).append("\n    secrets:\n")
        .append("      - name: lanes_dr_databases\n        secret: ").append(name)
        .append("-dr-databases\n        pass-to-parent: true\n");
    if (secrets.containsKey("dr-kubeconfig")) {
      out.append("      - name: lanes_dr_kubeconfig\n        secret: ").append(name)
          .append("-dr-kubeconfig\n        pass-to-parent: true\n");
    }
    out.append("    vars:\n      lanes_takeover_mysql_host: ").append(drillMysqlHost).append('\n');
    return out.toString();
  }
}
