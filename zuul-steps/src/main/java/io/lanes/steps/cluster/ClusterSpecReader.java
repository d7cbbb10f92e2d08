package io.lanes.steps.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lanes.core.config.LanesConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a cluster spec (YAML). Every problem is collected with its line and dotted key, so one run
 * reports them all.
 */
public final class ClusterSpecReader {
  static final String TEMPLATE = "template";
  static final String CLUSTER = "cluster";
  static final String STORAGE = "storage";

  private static final List<String> TOP_KEYS = List.of(TEMPLATE, CLUSTER, STORAGE);
  private static final List<String> TEMPLATE_KEYS =
      List.of(
          "name", "coe", "image", "externalNetwork", "masterFlavor", "flavor", "networkDriver", "volumeDriver",
          "dockerVolumeSize", "dockerStorageDriver", "registryEnabled", "masterLb", "floatingIp", "dnsNameserver",
          "fixedNetwork", "fixedSubnet", "labels");
  private static final List<String> CLUSTER_KEYS =
      List.of("name", "template", "masterCount", "nodeCount", "keypair", "createTimeout");
  private static final List<String> STORAGE_KEYS =
      List.of("storageClass", "default", "volumeType", "allowVolumeExpansion");

  /** Magnum's own rule for template and cluster names. */
  private static final Pattern MAGNUM_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,241}");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> NETWORK_DRIVERS = Set.of("flannel", "calico");
  private static final Set<String> VOLUME_DRIVERS = Set.of("cinder");
  private static final Set<String> STORAGE_DRIVERS = Set.of("overlay2", "devicemapper");

  /** The label that fixes the Kubernetes version; required so that a Magnum upgrade never changes it silently. */
  static final String LABEL_KUBE_TAG = "kube_tag";
  /** The label that installs Cinder CSI, which the platforms' volumes need. */
  static final String LABEL_CINDER_CSI = "cinder_csi_enabled";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The spec, or the problems found in line order; the spec is present only when there is no problem. */
  public record Result(Optional<ClusterSpec> spec, List<SpecProblem> problems) {
    public Result {
      problems = problems.stream().sorted(java.util.Comparator.comparingInt(SpecProblem::line)).toList();
    }
  }

  private ClusterSpecReader() {}

  /** Reads the spec from its YAML text. */
  public static Result read(String text) {
    Reading reading = new Reading();
    JsonNode root;
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      root = first == null ? JsonNodeFactory.instance.nullNode() : reading.node(parser, "");
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      return new Result(Optional.empty(), List.of(new SpecProblem(line, "(file)", "not valid YAML: "
          + firstLine(e.getOriginalMessage()))));
    } catch (IOException e) {
      return new Result(Optional.empty(), List.of(new SpecProblem(0, "(file)", "cannot read: " + e.getMessage())));
    }
    if (!root.isObject()) {
      return new Result(
          Optional.empty(),
          List.of(new SpecProblem(1, "(file)", "expected a map with keys " + String.join(", ", TOP_KEYS))));
    }
    return reading.spec((ObjectNode) root);
  }

  /** One pass over one document; collects problems as it goes. */
  private static final class Reading {
    private final List<SpecProblem> problems = new ArrayList<>();
    private final Map<String, Integer> lines = new HashMap<>();

    /** Builds the tree, remembering the line of every key; duplicate keys are problems. */
    JsonNode node(JsonParser parser, String path) throws IOException {
      lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          int line = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          if (object.has(name)) {
            problems.add(new SpecProblem(line, child, "set twice (first on line " + lines.get(child) + ")"));
            node(parser, child + "#" + line);
            continue;
          }
          lines.put(child, line);
          object.set(name, node(parser, child));
        }
        return object;
      }
      if (token == JsonToken.START_ARRAY) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(node(parser, path + "[" + index++ + "]"));
        }
        return array;
      }
      return YAML.readTree(parser);
    }

    Result spec(ObjectNode root) {
      Section top = new Section("", root, TOP_KEYS);
      Optional<Section> templateSection = top.section(TEMPLATE, TEMPLATE_KEYS, true);
      Optional<Section> clusterSection = top.section(CLUSTER, CLUSTER_KEYS, true);
      Optional<Section> storageSection = top.section(STORAGE, STORAGE_KEYS, false);
      Optional<ClusterSpec.Template> template = templateSection.map(this::template);
      Optional<ClusterSpec.Cluster> cluster = clusterSection.map(s -> cluster(s, template));
      ClusterSpec.Storage storage =
          storage(storageSection.orElseGet(() -> new Section(STORAGE, JsonNodeFactory.instance.objectNode(),
              STORAGE_KEYS)));
      if (!problems.isEmpty() || template.isEmpty() || cluster.isEmpty()) {
        return new Result(Optional.empty(), problems);
      }
      return new Result(Optional.of(new ClusterSpec(template.get(), cluster.get(), storage)), problems);
    }

    private ClusterSpec.Template template(Section s) {
      String name = s.required("name").orElse("");
      if (!name.isEmpty()) {
        checkMagnumName(s, "name", name);
      }
      s.optional("coe")
          .filter(coe -> !coe.equals("kubernetes"))
          .ifPresent(coe -> s.problem("coe", quote(coe) + " is not supported (Lanes runs kubernetes)"));
      String image = s.required("image").orElse("");
      String externalNetwork = s.required("externalNetwork").orElse("");
      String masterFlavor = s.required("masterFlavor").orElse("");
      String flavor = s.required("flavor").orElse("");
      String networkDriver = s.oneOf("networkDriver", NETWORK_DRIVERS, "flannel");
      String volumeDriver = s.oneOf("volumeDriver", VOLUME_DRIVERS, "cinder");
      Optional<Integer> dockerVolumeSize = s.positiveInt("dockerVolumeSize");
      String dockerStorageDriver = s.oneOf("dockerStorageDriver", STORAGE_DRIVERS, "overlay2");
      boolean registryEnabled = s.bool("registryEnabled", false);
      boolean masterLb = s.bool("masterLb", false);
      boolean floatingIp = s.bool("floatingIp", true);
      Optional<String> dnsNameserver = s.optional("dnsNameserver");
      Optional<String> fixedNetwork = s.optional("fixedNetwork");
      Optional<String> fixedSubnet = s.optional("fixedSubnet");
      Map<String, String> labels = labels(s);
      return new ClusterSpec.Template(
          name, image, externalNetwork, masterFlavor, flavor, networkDriver, volumeDriver, dockerVolumeSize,
          dockerStorageDriver, registryEnabled, masterLb, floatingIp, dnsNameserver, fixedNetwork, fixedSubnet,
          labels);
    }

    private Map<String, String> labels(Section template) {
      String key = template.path + ".labels";
      JsonNode node = template.node.get("labels");
      Map<String, String> labels = new LinkedHashMap<>();
      if (node != null && !node.isObject()) {
        problem(key, "expected a map of label names to values");
      } else if (node != null) {
        node.fields()
            .forEachRemaining(
                field -> {
                  JsonNode value = field.getValue();
                  if (value.isValueNode() && !value.isNull()) {
                    labels.put(field.getKey(), value.asText());
                  } else {
                    problem(key + "." + field.getKey(), "expected a text, number or boolean value");
                  }
                });
      }
      if (!labels.containsKey(LABEL_KUBE_TAG) && (node == null || !node.has(LABEL_KUBE_TAG))) {
        problem(key + "." + LABEL_KUBE_TAG, "missing (required: it fixes the Kubernetes version, e.g. v1.30.4)");
      }
      String csi = labels.get(LABEL_CINDER_CSI);
      if (csi == null && (node == null || !node.has(LABEL_CINDER_CSI))) {
        problem(key + "." + LABEL_CINDER_CSI, "missing (required: \"true\"; platform volumes are Cinder CSI volumes)");
      } else if (csi != null && !csi.equals("true")) {
        problem(key + "." + LABEL_CINDER_CSI, quote(csi) + " must be \"true\" (platform volumes are Cinder CSI volumes)");
      }
      return labels;
    }

    private ClusterSpec.Cluster cluster(Section s, Optional<ClusterSpec.Template> template) {
      String name = s.required("name").orElse("");
      if (!name.isEmpty()) {
        checkMagnumName(s, "name", name);
      }
      String templateName = s.required("template").orElse("");
      template
          .map(ClusterSpec.Template::name)
          .filter(t -> !t.isEmpty() && !templateName.isEmpty() && !t.equals(templateName))
          .ifPresent(
              t -> s.problem("template", quote(templateName) + " is not this spec's template (template.name is "
                  + quote(t) + ")"));
      int masterCount = s.requiredPositiveInt("masterCount").orElse(1);
      if (masterCount % 2 == 0) {
        s.problem("masterCount", masterCount + " is even: etcd needs an odd number of control-plane nodes (1, 3, 5)");
      }
      if (masterCount > 1 && template.isPresent() && !template.get().masterLb()) {
        s.problem("masterCount", masterCount + " control-plane nodes need template.masterLb: true (a load balancer "
            + "in front of the API)");
      }
      int nodeCount = s.requiredPositiveInt("nodeCount").orElse(1);
      String keypair = s.required("keypair").orElse("");
      int createTimeout = s.positiveInt("createTimeout").orElse(60);
      return new ClusterSpec.Cluster(name, templateName, masterCount, nodeCount, keypair, createTimeout);
    }

    private ClusterSpec.Storage storage(Section s) {
      String storageClass = s.optional("storageClass").orElse(LanesConfig.DEFAULT_STORAGE_CLASS);
      if (!DNS_SUBDOMAIN.matcher(storageClass).matches()) {
        s.problem("storageClass", quote(storageClass)
            + " is not a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')");
      }
      boolean isDefault = s.bool("default", true);
      Optional<String> volumeType = s.optional("volumeType");
      boolean allowVolumeExpansion = s.bool("allowVolumeExpansion", true);
      return new ClusterSpec.Storage(storageClass, isDefault, volumeType, allowVolumeExpansion);
    }

    private void checkMagnumName(Section s, String key, String name) {
      if (!MAGNUM_NAME.matcher(name).matches()) {
        s.problem(key, quote(name) + " is not a Magnum name (a letter, then letters, digits, '_', '.', '-')");
      }
    }

    private void problem(String key, String message) {
      problems.add(new SpecProblem(line(key), key, message));
    }

    /** The line of a key, else of its closest parent that is in the file. */
    private int line(String key) {
      for (String k = key; ; k = k.substring(0, k.lastIndexOf('.'))) {
        Integer line = lines.get(k);
        if (line != null) {
          return line;
        }
        if (k.lastIndexOf('.') < 0) {
          return 0;
        }
      }
    }

    /** One map of the spec: unknown keys are reported up front, then values are read by type. */
    private final class Section {
      final String path;
      final JsonNode node;

      Section(String path, JsonNode node, List<String> known) {
        this.path = path;
        this.node = node;
        node.fieldNames()
            .forEachRemaining(
                name -> {
                  if (!known.contains(name)) {
                    problem(name, "unknown key (known: " + String.join(", ", known) + ")");
                  }
                });
      }

      String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
      }

      void problem(String name, String message) {
        Reading.this.problem(key(name), message);
      }

      Optional<Section> section(String name, List<String> known, boolean required) {
        JsonNode child = node.get(name);
        if (child == null || child.isNull()) {
          if (required) {
            problem(name, "missing (required)");
          }
          return Optional.empty();
        }
        if (!child.isObject()) {
          problem(name, "expected a map with keys " + String.join(", ", known));
          return Optional.empty();
        }
        return Optional.of(new Section(key(name), child, known));
      }

      Optional<String> optional(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
          return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
          problem(name, "expected a non-blank text");
          return Optional.empty();
        }
        return Optional.of(value.asText().trim());
      }

      Optional<String> required(String name) {
        if (node.get(name) == null || node.get(name).isNull()) {
          problem(name, "missing (required)");
          return Optional.empty();
        }
        return optional(name);
      }

      String oneOf(String name, Set<String> allowed, String fallback) {
        Optional<String> value = optional(name);
        if (value.isPresent() && !allowed.contains(value.get())) {
          problem(name, quote(value.get()) + " is not one of " + String.join(", ", allowed.stream().sorted().toList()));
          return fallback;
        }
        return value.orElse(fallback);
      }

      boolean bool(String name, boolean fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
          return fallback;
        }
        if (!value.isBoolean()) {
          problem(name, quote(value.asText()) + " is not a boolean (true or false)");
          return fallback;
        }
        return value.booleanValue();
      }

      Optional<Integer> positiveInt(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
          return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() <= 0) {
          problem(name, quote(value.asText()) + " is not a positive integer");
          return Optional.empty();
        }
        return Optional.of(value.intValue());
      }

      Optional<Integer> requiredPositiveInt(String name) {
        if (node.get(name) == null || node.get(name).isNull()) {
          problem(name, "missing (required)");
          return Optional.empty();
        }
        return positiveInt(name);
      }
    }
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
