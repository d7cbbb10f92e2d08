package io.lanes.steps.preview;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preview's smaller MySQL (pure, on an object's body): Tutor's {@code mysql} Deployment gets the map's
 * {@code mysqlMemory} as its container's memory request and limit, and mysqld a small buffer pool and no performance
 * schema; Tutor's {@code mysql} PersistentVolumeClaim asks for {@code mysqlStorage}, never more than the platform's
 * claim. A platform without its own MySQL (Tutor's {@code RUN_MYSQL: false}) has neither object, and nothing changes.
 */
final class PreviewMysql {
  /** Tutor's name for the MySQL Deployment, its container and its volume claim. */
  static final String NAME = "mysql";

  /** What mysqld gets in a preview, appended to Tutor's arguments (unless already given): a demo's data is small. */
  static final List<String> MYSQLD_FLAGS = List.of("--innodb-buffer-pool-size=64M", "--performance-schema=OFF");

  private PreviewMysql() {}

  /** Changes {@code body} (a writable copy) of the object {@code kind}/{@code name}, when it is the platform's MySQL. */
  static void apply(String kind, String name, Map<String, Object> body, String memory, String storage) {
    if (!NAME.equals(name)) {
      return;
    }
    if ("Deployment".equals(kind) || "StatefulSet".equals(kind)) {
      for (Map<String, Object> container : containers(body)) {
        if (NAME.equals(container.get("name"))) {
          container.put("resources", resources(container.get("resources"), memory));
          container.put("args", args(container.get("args")));
        }
      }
    } else if ("PersistentVolumeClaim".equals(kind)) {
      Map<String, Object> requests = map(map(map(body, "spec"), "resources"), "requests");
      Object platform = requests.get("storage");
      if (platform == null || smaller(storage, platform.toString())) {
        requests.put("storage", storage);
      }
    }
  }

  /** {@code existing} resources with memory's request and limit set to {@code memory}; CPU as it was. */
  private static Map<String, Object> resources(Object existing, String memory) {
    Map<String, Object> resources = existing instanceof Map<?, ?> m ? copy(m) : new LinkedHashMap<>();
    for (String part : List.of("requests", "limits")) {
      Map<String, Object> amounts = resources.get(part) instanceof Map<?, ?> m ? copy(m) : new LinkedHashMap<>();
      amounts.put("memory", memory);
      resources.put(part, amounts);
    }
    return resources;
  }

  /** Tutor's mysqld arguments with {@link #MYSQLD_FLAGS} appended (a flag already set, by name, is left as it is). */
  private static List<Object> args(Object existing) {
    List<Object> args = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
    if (args.isEmpty() || !"mysqld".equals(args.get(0))) {
      return args;
    }
    for (String flag : MYSQLD_FLAGS) {
      String option = flag.substring(0, flag.indexOf('=') + 1);
      if (args.stream().noneMatch(a -> a.toString().startsWith(option))) {
        args.add(flag);
      }
    }
    return args;
  }

  static boolean smaller(String a, String b) {
    try {
      return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b))) < 0;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> containers(Map<String, Object> body) {
    Object list = map(map(map(body, "spec"), "template"), "spec").get("containers");
    List<Map<String, Object>> containers = new ArrayList<>();
    if (list instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?>) {
          containers.add((Map<String, Object>) item);
        }
      }
    }
    return containers;
  }

  /** The writable map under {@code key} of {@code parent}, created when absent. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent.get(key);
    if (child instanceof Map<?, ?>) {
      return (Map<String, Object>) child;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k.toString(), v));
    return copy;
  }
}
