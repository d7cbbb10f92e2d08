package io.lanes.steps.backup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.lanes.core.config.Platform;
import io.lanes.steps.backup.job.BackupInstaller;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code backup install} says on stderr and in its result: the objects it applied, or only rendered. */
final class BackupInstallReport {
  private BackupInstallReport() {}

  /**
   * Says what {@code backup install} did to each object on {@code server}, and how many it wrote; returns the
   * {@code backup_install} result.
   */
  static Map<String, Object> applied(
      Platform platform, List<BackupInstaller.Change> changes, String server, PrintWriter err) {
    for (BackupInstaller.Change change : changes) {
      err.printf(
          "backup install: %s %s in namespace %s%n", change.object(), change.action(), platform.namespace());
    }
    long written = changes.stream().filter(c -> !c.action().equals("unchanged")).count();
    err.printf(
        "backup install: platform %s on %s: %d objects, %d written%n",
        platform.name(), server, changes.size(), written);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("namespace", platform.namespace());
    result.put("objects", changes.stream().map(c -> c.object()).toList());
    result.put(
        "changes", changes.stream().map(c -> Map.of("object", c.object(), "action", c.action())).toList());
    return result;
  }

  /** Says which objects were rendered for review (no cluster given); returns the {@code backup_install} result. */
  static Map<String, Object> rendered(Platform platform, List<HasMetadata> objects, PrintWriter err) {
    err.printf(
        "rendered %s for platform %s in namespace %s (give --kubeconfig or --in-cluster to apply them)%n",
        String.join(", ", objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()),
        platform.name(),
        platform.namespace());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("namespace", platform.namespace());
    result.put("objects", objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    return result;
  }
}
